from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "msj.indicators"
    label = "indicators"
