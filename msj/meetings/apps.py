from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "msj.meetings"
    label = "meetings"
