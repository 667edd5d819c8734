"""The agreements matrix: what was agreed, by whom, for when, and how it is going (DOMAIN.md §4.8).

Agreements sit below meetings: a meeting lists its body's open agreements, and an
agreement names its origin meeting by model name without importing meetings.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def open(self) -> AgreementQuerySet:
        return self.filter(status__in=[Agreement.Status.OPEN, Agreement.Status.IN_PROGRESS])

    def overdue(self, today: dt.date) -> AgreementQuerySet:
        """Open agreements past their due date: derived from the date, so no job has to run."""
        return self.open().filter(due_on__lt=today)


class Agreement(PublicIdModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        """Who may read the agreement: those who may read the meeting where it was taken."""

        MESA = "mesa", _("All members of the Mesa")
        CITIZENS = "citizens", _("Citizen members only")
        EXECUTIVE = "executive", _("Executive Committee only")
        COMMITTEE = "committee", _("The committee, and the Mesa's citizen members")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        NORMAL = "normal", _("Normal")
        LOW = "low", _("Low")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="agreements")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("agreement"))
    origin_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_taken",
        verbose_name=_("origin meeting"),
    )
    origin_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_taken",
        verbose_name=_("agenda item"),
    )
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("responsible committee"),
    )
    responsible_seats = models.ManyToManyField(
        "members.Seat", blank=True, related_name="agreements", verbose_name=_("responsible officials (by seat)")
    )
    responsible_people = models.ManyToManyField(
        "members.Membership", blank=True, related_name="agreements", verbose_name=_("responsible people")
    )
    institutions = models.CharField(_("responsible institutions"), max_length=300, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="agreements", verbose_name=_("topics"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    audience = models.CharField(_("who may read it"), max_length=10, choices=Audience, default=Audience.MESA)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "year", "number"], name="agreement_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["done", "cancelled"], closed_on__isnull=False)
                | (~Q(status__in=["done", "cancelled"]) & Q(closed_on__isnull=True)),
                name="agreement_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def code(self) -> str:
        """The number people quote: per Mesa and year, e.g. 2026-014."""
        return f"{self.year}-{self.number:03d}"

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}
            and self.due_on is not None
            and self.due_on < today
        )


class FollowUp(PublicIdModel):
    """One entry of an agreement's timeline: never edited, the next entry corrects it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("meeting"),
    )
    note = models.TextField(_("note"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    status_after = models.CharField(_("status after"), max_length=12, choices=Agreement.Status, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["agreement", "on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="follow_up_progress_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.on}"


class Evidence(PublicIdModel):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name
