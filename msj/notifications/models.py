"""The outbox: every e-mail msj sends is first a row here, delivered later by a job."""

from __future__ import annotations

import hashlib
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel


class OutboundEmail(PublicIdModel):
    """One logical message, sent at most once per idempotency key.

    `attachments` is a list of ``{"filename", "content", "mimetype"}`` objects with text
    content (an .ics invitation, a CSV); binary attachments would need base64 first.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    mesa = models.ForeignKey(
        "mesas.Mesa", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Mesa")
    )
    to = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # A queued message is not delivered before this moment (the retry back-off); a job that
    # runs earlier (a duplicate enqueued by the recovery) leaves it alone.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When a worker took the message; a row left in `sending` long after this was abandoned.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="outbound_email_unique_key"),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="outbound_email_sent_iff_sent_at",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbound_email_due"),
            models.Index(fields=["status", "claimed_at"], name="outbound_email_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"

    def clean(self) -> None:
        if not isinstance(self.to, list) or not self.to:
            raise ValidationError({"to": _("Give at least one recipient.")})
        for address in self.to:
            if not isinstance(address, str):
                raise ValidationError({"to": _("Every recipient must be an e-mail address.")})
            validate_email(parseaddr(address)[1])
        if not isinstance(self.attachments, list) or not all(
            isinstance(a, dict) and {"filename", "content"} <= a.keys() for a in self.attachments
        ):
            raise ValidationError({"attachments": _("Every attachment needs a file name and a content.")})

    @property
    def message_id(self) -> str:
        """Return a Message-ID derived from the idempotency key alone.

        A message delivered twice (see the window described in `tasks.deliver_email`) carries
        the same Message-ID both times, so a receiving server, a mail client or the development
        folder can recognise the second copy. The key is hashed: it may contain addresses.
        """
        digest = hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:40]
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "msj.invalid"
        return f"<{digest}.msj@{domain}>"

    def build_message(self, connection: Any = None) -> EmailMultiAlternatives:
        """Return the Django message to hand to the mail backend."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(self.to),
            connection=connection,
            # RFC 3834: tell vacation responders not to answer a machine.
            headers={"Message-ID": self.message_id, "Auto-Submitted": "auto-generated"},
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        for attachment in self.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
        return message
