from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "msj.admissions"
    label = "admissions"
