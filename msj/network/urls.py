from django.urls import path

from msj.network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("forming/new/", views.register, name="register"),
    path("forming/<uuid:formation_id>/", views.formation, name="formation"),
    path("forming/<uuid:formation_id>/founders/", views.add_founder, name="add_founder"),
    path("forming/<uuid:formation_id>/founders/<uuid:founder_id>/remove/", views.remove_founder, name="remove_founder"),
    path("forming/<uuid:formation_id>/install/", views.install, name="install"),
    path("forming/<uuid:formation_id>/evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path("forming/<uuid:formation_id>/steps/<int:number>/", views.step, name="step"),
    path("forming/<uuid:formation_id>/steps/<int:number>/evidence/", views.add_evidence, name="add_evidence"),
    path("forming/<uuid:formation_id>/steps/<int:number>/notes/", views.save_notes, name="save_notes"),
    path("forming/<uuid:formation_id>/steps/<int:number>/validate/", views.validate_step, name="validate_step"),
]
