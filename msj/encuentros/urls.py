"""The Mesa's side of encuentros, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import URLPattern

app_name = "encuentros"
urlpatterns: list[URLPattern] = []
