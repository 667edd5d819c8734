from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "msj.network"
    label = "network"
    verbose_name = "National network"
