from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "msj.elections"
    label = "elections"
