from django.apps import AppConfig


class EncuentrosConfig(AppConfig):
    name = "msj.encuentros"
    label = "encuentros"
