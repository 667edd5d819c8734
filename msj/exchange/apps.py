from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "msj.exchange"
    label = "exchange"
