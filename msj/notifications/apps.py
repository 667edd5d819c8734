from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "msj.notifications"
    label = "notifications"
