from django.apps import AppConfig


class HonourConfig(AppConfig):
    name = "msj.honour"
    label = "honour"
