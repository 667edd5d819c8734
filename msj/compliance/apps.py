from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "msj.compliance"
    label = "compliance"
