from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "msj.api"
    label = "api"
