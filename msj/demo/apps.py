from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "msj.demo"
    label = "demo"
    verbose_name = "Demo data"
