"""Who may read a Mesa's audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from msj.audit.models import AuditEvent
from msj.core.policy import Policy


class AuditPolicy(Policy[AuditEvent]):
    """The Executive Committee and the technical secretary browse their own Mesa's trail."""

    def visible(self, actor: Any, queryset: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
        if not self.can(actor, "view"):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Any, action: str, obj: AuditEvent | None = None) -> bool:
        return action == "view" and actor.is_member and (actor.is_executive or actor.has("secretary"))


audit_policy = AuditPolicy()
