"""The Mesa's side of exchange, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import URLPattern

app_name = "exchange"
urlpatterns: list[URLPattern] = []
