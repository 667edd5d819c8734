from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "msj.public"
    label = "public"
