from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "msj.accounts"
    label = "accounts"
