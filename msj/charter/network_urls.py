"""The network staff's side of charter, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import path

from msj.charter import network_views as views

app_name = "charter_network"
urlpatterns = [
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/adoption/", views.adoption, name="adoption"),
    path("templates/<uuid:public_id>/", views.template, name="template"),
]
