"""The bench-only URLconf of bench/public.py: the project's URLs and a trivial view in front of them."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The floor: a constant answer behind every middleware of the project, no query, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
