from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "msj.topics"
    label = "topics"
