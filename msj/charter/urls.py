"""The Mesa's side of charter, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import path

from msj.charter import views

app_name = "charter"
urlpatterns = [
    path("documents/", views.index, name="index"),
    path("documents/models/", views.models, name="models"),
    path("documents/models/<uuid:public_id>/", views.model, name="model"),
    path("documents/versions/<uuid:public_id>/", views.version, name="version"),
    path("documents/<slug:kind>/", views.document, name="document"),
    path("documents/<slug:kind>/adopt/", views.adopt, name="adopt"),
    path("documents/<slug:kind>/sign/", views.sign, name="sign"),
    path("documents/<slug:kind>/signatures/", views.signatures, name="signatures"),
]
