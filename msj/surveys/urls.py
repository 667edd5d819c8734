"""The Mesa's side of surveys, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import URLPattern

app_name = "surveys"
urlpatterns: list[URLPattern] = []
