"""The network staff's side of surveys, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import URLPattern

app_name = "surveys_network"
urlpatterns: list[URLPattern] = []
