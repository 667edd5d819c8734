from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "msj.votes"
    label = "votes"
