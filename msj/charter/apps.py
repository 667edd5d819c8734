from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "msj.charter"
    label = "charter"
