"""The network staff's side of surveys, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import URLPattern, path, re_path

from msj.surveys import network_views

app_name = "surveys_network"
urlpatterns: list[URLPattern] = [
    path("surveys/", network_views.rounds, name="rounds"),
    path("surveys/<uuid:public_id>/", network_views.round_detail, name="round"),
    path("surveys/<uuid:public_id>/close/", network_views.close, name="close"),
    re_path(
        r"^surveys/(?P<public_id>[0-9a-f-]{36})/(?P<what>tables|answers)\.(?P<fmt>csv|xlsx)$",
        network_views.export,
        name="export",
    ),
]
