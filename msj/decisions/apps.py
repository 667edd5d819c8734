from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "msj.decisions"
    label = "decisions"
