from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "msj.surveys"
    label = "surveys"
