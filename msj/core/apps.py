from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "msj.core"
    label = "core"
