"""Record audit events. Governance writes call `record` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.http import HttpRequest

from msj.audit.models import AuditEvent


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Return the JSON-safe values of a row's concrete fields (foreign keys as their ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if fields is not None and field.name not in fields and name not in fields:
            continue
        if name in {"password", "created_at", "updated_at"}:
            continue
        value = getattr(obj, name)
        if isinstance(value, dt.datetime | dt.date | dt.time | uuid.UUID | decimal.Decimal):
            value = str(value) if not isinstance(value, dt.date) else value.isoformat()
        data[name] = value
    return data


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from allauth.core.internal.httpkit import get_client_ip  # the proxy-aware address the rate limits use

    try:
        return get_client_ip(request)
    except Exception:  # noqa: BLE001 - an unknown address must never block the write it records
        return None


def record(
    action: str,
    *,
    obj: models.Model,
    actor: Any = None,
    mesa: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one audit event; call it in the same transaction as the change it records."""
    if mesa is None:
        mesa = getattr(obj, "mesa", None)
    user = getattr(actor, "user", actor)
    return AuditEvent.objects.create(
        action=action,
        mesa=mesa,
        actor=user if getattr(user, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_id", obj.pk)),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        ip_address=client_ip(request),
    )


def record_export(*, actor: Any, mesa: Any, what: str, request: HttpRequest | None = None) -> AuditEvent:
    """Log that someone took confidential data out of the platform (an export or a download)."""
    user = getattr(actor, "user", actor)
    return AuditEvent.objects.create(
        action=AuditEvent.Action.EXPORT,
        mesa=mesa,
        actor=user if getattr(user, "is_authenticated", False) else None,
        object_type=what,
        object_repr=what,
        ip_address=client_ip(request),
    )
