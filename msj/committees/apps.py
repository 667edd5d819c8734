from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "msj.committees"
    label = "committees"
