"""The Mesa's side of press, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import URLPattern

app_name = "press"
urlpatterns: list[URLPattern] = []
