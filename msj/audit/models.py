"""The audit trail: who changed or read what, when, in which Mesa. Append-only."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit row through the application."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("Audit rows cannot be changed.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditTrailIsAppendOnly("Audit rows cannot be deleted.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    mesa = models.ForeignKey(
        "mesas.Mesa", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Mesa")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("description"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["mesa", "-at"], name="audit_mesa_at"),
            # The newest event of a Mesa, by id: what changed last (the compliance panels' cache key).
            models.Index(fields=["mesa", "-id"], name="audit_mesa_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AuditTrailIsAppendOnly("Audit rows cannot be deleted.")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """The fields that differ between before and after, for display."""
        before, after = self.before or {}, self.after or {}
        # Internal keys mean nothing to a reader; the record itself is named in the row.
        keys = sorted(k for k in set(before) | set(after) if k != "id" and not k.endswith("_id"))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
