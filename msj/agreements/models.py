"""The agreements matrix: what was agreed, by whom, for when, and how it is going (DOMAIN.md §4.8).

Agreements sit below meetings: a meeting lists its body's open agreements, and an
agreement names its origin meeting by model name without importing meetings.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from msj.committees.models import CommitteeMember
from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    """An agreement still open or in progress is overdue from the day after its due date.

    The one rule, for the Mesas' matrix and the network's (msj.encuentros); the querysets below
    ask the database the same question with `open_q` and `due_on__lt`.
    """
    return status in OPEN_STATUSES and due_on is not None and due_on < today


def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def open(self) -> AgreementQuerySet:
        return self.filter(open_q())

    def overdue(self, today: dt.date) -> AgreementQuerySet:
        """Open agreements past their due date: derived from the date, so no job has to run."""
        return self.open().filter(due_on__lt=today)

    def search(self, text: str) -> AgreementQuerySet:
        """Agreements whose code is `text` (2026-014, 2026-14) or whose text or institutions contain it.

        One implementation for SQLite and PostgreSQL: `icontains` (case-insensitive for
        ASCII letters on SQLite).
        """
        text = text.strip()
        if not text:
            return self
        condition = Q(text__icontains=text) | Q(institutions__icontains=text)
        year, sep, number = text.partition("-")
        if sep and year.isdigit() and len(year) == 4 and number.isdigit():
            condition |= Q(year=int(year), number=int(number))
        return self.filter(condition)

    def for_seat(self, seat_id: int) -> AgreementQuerySet:
        return self.filter(
            Exists(Agreement.responsible_seats.through.objects.filter(agreement=OuterRef("pk"), seat_id=seat_id))
        )

    def for_person(self, membership: Any) -> AgreementQuerySet:
        """What is on a person's plate: named responsible, through the seat they hold, or as the
        coordinator or alternate of the responsible committee."""
        people = Agreement.responsible_people.through.objects.filter(
            agreement=OuterRef("pk"), membership_id=membership.pk
        )
        condition = Q(Exists(people)) | Q(
            committee_id__in=CommitteeMember.objects.filter(
                membership_id=membership.pk,
                status=CommitteeMember.Status.APPROVED,
                left_on__isnull=True,
                role__in=[CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE],
            ).values("committee_id")
        )
        if membership.seat_id is not None and membership.ended_on is None:
            seats = Agreement.responsible_seats.through.objects.filter(
                agreement=OuterRef("pk"), seat_id=membership.seat_id
            )
            condition |= Q(Exists(seats))
        return self.filter(condition)

    def with_last_follow_up(self) -> AgreementQuerySet:
        """Annotate the date of the latest follow-up and the latest progress reported, in the same query."""
        latest = FollowUp.objects.filter(agreement=OuterRef("pk")).order_by("-on", "-created_at", "-pk")
        return self.annotate(
            last_follow_up_on=models.Subquery(latest.values("on")[:1]),
            last_progress=models.Subquery(latest.filter(progress__isnull=False).values("progress")[:1]),
        )

    def for_body(self, meeting: Any) -> AgreementQuerySet:
        """The open agreements of the body holding `meeting`, read under its agreements item (§4.8).

        Plenary: the agreements of the whole Mesa; citizens' meeting: those and the citizens'
        own; committee meeting: the committee's; Executive Committee: all of them.
        """
        qs = self.open().filter(mesa_id=meeting.mesa_id)
        if meeting.kind == "plenary":
            return qs.filter(audience=Agreement.Audience.MESA)
        if meeting.kind == "citizens":
            return qs.filter(audience__in=[Agreement.Audience.MESA, Agreement.Audience.CITIZENS])
        if meeting.kind == "committee":
            return qs.filter(committee_id=meeting.committee_id)
        if meeting.kind == "executive":
            return qs
        return qs.none()


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
        indexes = [models.Index(fields=["mesa", "status", "due_on"], name="agreement_mesa_status_due")]
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
        return is_overdue(self.status, self.due_on, today)


# The statuses in which an agreement still binds its responsible (is_overdue, open_q).
OPEN_STATUSES = frozenset({Agreement.Status.OPEN, Agreement.Status.IN_PROGRESS})


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
        indexes = [models.Index(fields=["agreement", "-on", "-created_at"], name="follow_up_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="follow_up_progress_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Store evidence under a random name: the person's file name is kept in the row only.

    The files are never served from a public media URL; they are read through the
    download view, which applies the agreement's policy.
    """
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"evidence/{instance.follow_up.agreement.year}/{uuid.uuid4().hex}{extension}"


class Evidence(PublicIdModel):
    """A file supporting a follow-up entry. Like the entry itself, never changed or removed."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # The file's fingerprint when it was received, so that a replaced file can be told apart.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["follow_up", "created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
