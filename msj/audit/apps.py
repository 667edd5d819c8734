from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "msj.audit"
    label = "audit"
