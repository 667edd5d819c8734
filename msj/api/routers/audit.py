"""A Mesa's audit trail (Executive Committee and technical secretary)."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from msj.accounts.models import User
from msj.api.access import mesa_actor
from msj.audit.models import AuditEvent
from msj.audit.policies import audit_policy

router = Router(tags=["audit"])


class PersonOut(Schema):
    public_id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.full_name


class ChangeOut(Schema):
    field: str
    before: Any
    after: Any


class AuditEventOut(Schema):
    public_id: uuid.UUID
    at: dt.datetime
    action: AuditEvent.Action
    object_type: str
    object_id: str
    object_repr: str
    actor: PersonOut | None
    changes: list[ChangeOut]

    @staticmethod
    def resolve_changes(obj: AuditEvent) -> list[dict[str, Any]]:
        # Snapshots keep foreign keys as internal ids, which the API never shows.
        return [
            {"field": name, "before": old, "after": new}
            for name, old, new in obj.changes()
            if name != "id" and not name.endswith("_id")
        ]


@router.get("/mesas/{slug}/audit", response=list[AuditEventOut], summary="List the audit trail", url_name="audit")
@paginate
def list_audit(request: HttpRequest, slug: str, action: AuditEvent.Action | None = None) -> QuerySet[AuditEvent]:
    """Who changed what in the Mesa, and when, most recent first; `action` keeps one kind of event."""
    actor = mesa_actor(request, slug)
    audit_policy.require(actor, "view")
    events = audit_policy.visible(actor, AuditEvent.objects.select_related("actor"))
    if action is not None:
        events = events.filter(action=action)
    return events.order_by("-at", "-id")
