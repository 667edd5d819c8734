"""The Mesa's side of charter, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import URLPattern

app_name = "charter"
urlpatterns: list[URLPattern] = []
