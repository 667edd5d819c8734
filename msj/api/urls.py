from django.urls import path

from msj.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("<uuid:public_id>/revoke/", views.revoke, name="revoke"),
]
