from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "msj.agreements"
    label = "agreements"
