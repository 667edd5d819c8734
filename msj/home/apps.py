from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "msj.home"
    label = "home"
