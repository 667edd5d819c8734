"""The network staff's side of exchange, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import path

from msj.exchange import network_views as views

app_name = "exchange_network"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("visits/", views.visits, name="visits"),
    path("practices/", views.library, name="library"),
    path("practices/<uuid:public_id>/", views.practice_detail, name="practice"),
    path("practices/<uuid:public_id>/files/<uuid:file_id>/", views.practice_attachment, name="practice_attachment"),
]
