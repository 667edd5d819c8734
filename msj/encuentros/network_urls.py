"""The network staff's side of encuentros, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import URLPattern

app_name = "encuentros_network"
urlpatterns: list[URLPattern] = []
