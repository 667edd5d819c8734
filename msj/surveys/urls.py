"""The Mesa's side of surveys, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import URLPattern, path

from msj.surveys import views

app_name = "surveys"
urlpatterns: list[URLPattern] = [
    path("surveys/", views.index, name="index"),
    path("surveys/<uuid:public_id>/", views.response, name="response"),
]
