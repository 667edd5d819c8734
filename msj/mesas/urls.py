from django.urls import path

from msj.mesas import views

app_name = "mesas"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rules/", views.rules, name="rules"),
]
