"""The public face: pages anyone may read, under /public/."""

from django.urls import path

from msj.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("network/<slug:network_slug>/", views.network_page, name="network"),
    path("network/<slug:network_slug>/feed.atom", views.atom, name="network_atom"),
    path("network/<slug:network_slug>/feed.rss", views.rss, name="network_rss"),
    path("network/<slug:network_slug>/indicators.csv", views.network_data, name="network_data"),
    path("<slug:mesa_slug>/", views.mesa_page, name="mesa"),
    path("<slug:mesa_slug>/feed.atom", views.atom, name="mesa_atom"),
    path("<slug:mesa_slug>/feed.rss", views.rss, name="mesa_rss"),
    path("<slug:mesa_slug>/indicators.csv", views.mesa_data, name="mesa_data"),
    path("<slug:mesa_slug>/releases/<uuid:public_id>/", views.release, name="release"),
]
