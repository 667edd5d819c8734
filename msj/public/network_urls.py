"""The network staff's side of the published figures, under /network/<network-slug>/."""

from django.urls import path

from msj.public import network_views

app_name = "public_network"
urlpatterns = [
    path("comparison/", network_views.comparison, name="comparison"),
    path("comparison.csv", network_views.comparison_data, name="comparison_data"),
]
