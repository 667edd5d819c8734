"""The network staff's side of charter, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import URLPattern

app_name = "charter_network"
urlpatterns: list[URLPattern] = []
