from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "msj.members"
    label = "members"
