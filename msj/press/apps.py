from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "msj.press"
    label = "press"
