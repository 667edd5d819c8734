"""The network staff's side of public, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import URLPattern

app_name = "public_network"
urlpatterns: list[URLPattern] = []
