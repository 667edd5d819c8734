"""The network staff's side of exchange, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import URLPattern

app_name = "exchange_network"
urlpatterns: list[URLPattern] = []
