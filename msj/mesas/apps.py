from django.apps import AppConfig


class MesasConfig(AppConfig):
    name = "msj.mesas"
    label = "mesas"
