"""Minutes (actas): structured by agenda item, circulated, approved at the next meeting, sealed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.meetings.models import AgendaItem, Meeting


class Minutes(PublicIdModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comments")
        APPROVED = "approved", _("Approved")
        SEALED = "sealed", _("Sealed")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name=_("approved at the meeting"),
    )
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "sealed"]) | Q(approved_at__isnull=False),
                name="minutes_approved_at_a_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status="sealed") | Q(sealed_at__isnull=False), name="minutes_sealed_has_time"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(circulated_at__isnull=False), name="minutes_circulated_has_time"
            ),
            # Minutes are approved at another (later) meeting of the body, never at their own.
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | ~Q(approved_at=models.F("meeting")),
                name="minutes_not_approved_at_own_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}"

    @property
    def is_editable(self) -> bool:
        """Entries and agreements can be written while the minutes are a draft or circulated."""
        return self.status in {self.Status.DRAFT, self.Status.CIRCULATED}


class MinutesEntry(PublicIdModel):
    """What was said and decided under one agenda item; there is no entry without an item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="minutes_entry")
    summary = models.TextField(_("summary"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")

    def __str__(self) -> str:
        return f"{self.item}"


class Correction(PublicIdModel):
    """A recorded correction of sealed minutes; the sealed text itself never changes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="corrections")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(_("correction"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved at the meeting"),
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.minutes} · {self.item}"


class MinutesComment(PublicIdModel):
    """A member's comment on one item of circulated minutes, for the secretary to consider."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="minutes_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="minutes_comment_not_empty")]

    def __str__(self) -> str:
        return f"{self.author} · {self.item}"
