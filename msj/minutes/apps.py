from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "msj.minutes"
    label = "minutes"
