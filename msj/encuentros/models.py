"""The Encuentro Nacional: the network's yearly meeting of its Mesas (DOMAIN.md §4.11; source §2.3, §2.9).

Each operating Mesa registers its delegates, chosen among its current citizen and official
members; network staff keep the agenda, take attendance and keep the matrix of the agreements
the network takes there. Everything here is network-level: the only thing of a Mesa it holds
is the names of the delegates the Mesa itself registered.

The network has no time zone of its own: its deadlines and due dates are read in
`NETWORK_TIME_ZONE` (settings.TIME_ZONE, America/Mexico_City by default), on the Mesa's pages
as on the network's, so that an agreement is overdue on the same day for everyone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.agreements.models import Agreement, is_overdue, open_q
from msj.core.models import PublicIdModel
from msj.meetings.models import Attendance
from msj.mesas.models import Mesa, Network


def network_time_zone() -> zoneinfo.ZoneInfo:
    """Where the network's deadlines fall: the site's time zone (Mexico City unless configured)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE or "America/Mexico_City")


def network_today() -> dt.date:
    return timezone.localdate(timezone=network_time_zone())


class Encuentro(PublicIdModel):
    """One edition of the Encuentro Nacional: at most one per network and year."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")
        HELD = "held", _("Held")

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="encuentros")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2999)])
    title = models.CharField(_("edition"), max_length=200, help_text=_("E.g. Third Encuentro Nacional."))
    city = models.CharField(_("city"), max_length=120)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PLANNED)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        help_text=_("In the network's time zone. From this minute on, no Mesa may register."),
    )
    delegates_per_mesa = models.PositiveSmallIntegerField(
        _("delegates per Mesa, at most"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("Encuentro Nacional")
        verbose_name_plural = _("Encuentros Nacionales")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="encuentro_once_a_year"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="encuentro_ends_after_start"),
            models.CheckConstraint(
                condition=Q(delegates_per_mesa__gte=1, delegates_per_mesa__lte=50), name="encuentro_delegate_limit"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.year and self.starts_on.year != self.year:
            errors["starts_on"] = _("The Encuentro must start in its own year.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The Encuentro cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def registration_is_open(self, now: dt.datetime) -> bool:
        """Registration is open while the status says so and its closing minute has not come."""
        return self.status == self.Status.OPEN and now < self.registration_closes_at


class AgendaItem(PublicIdModel):
    """One item of the Encuentro's programme, presented by a Mesa or by a person (or both)."""

    encuentro = models.ForeignKey(Encuentro, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    presenter_mesa = models.ForeignKey(
        Mesa, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("presenting Mesa")
    )
    presenter_name = models.CharField(_("presenter"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["encuentro", "position"]
        constraints = [
            models.UniqueConstraint(fields=["encuentro", "position"], name="encuentro_agenda_position_unique"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600), name="encuentro_agenda_duration_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


# Attendance at the Encuentro reuses the meetings' statuses, without "delegate attended":
# a delegate is a person the Mesa chose, nobody attends in their place.
ATTENDANCE_CHOICES = [
    (Attendance.Status.PRESENT.value, Attendance.Status.PRESENT.label),
    (Attendance.Status.JUSTIFIED.value, Attendance.Status.JUSTIFIED.label),
    (Attendance.Status.UNJUSTIFIED.value, Attendance.Status.UNJUSTIFIED.label),
]


class Delegate(PublicIdModel):
    """A member a Mesa registered for the Encuentro. Her name is kept as registered."""

    encuentro = models.ForeignKey(Encuentro, on_delete=models.CASCADE, related_name="delegates")
    mesa = models.ForeignKey(Mesa, on_delete=models.PROTECT, related_name="encuentro_delegates")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(_("attendance"), max_length=12, choices=ATTENDANCE_CHOICES, blank=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["mesa__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["encuentro", "membership"], name="encuentro_delegate_once"),
            models.CheckConstraint(
                condition=Q(attendance__in=["", "present", "justified", "unjustified"]),
                name="encuentro_delegate_attendance_choices",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.mesa}"

    def clean(self) -> None:
        if self.membership_id is not None and self.mesa_id is not None and self.membership.mesa_id != self.mesa_id:
            raise ValidationError({"membership": _("The member belongs to another Mesa.")})

    @property
    def attended(self) -> bool:
        return self.attendance == Attendance.Status.PRESENT


class NetworkAgreementQuerySet(models.QuerySet["NetworkAgreement"]):
    def open(self) -> NetworkAgreementQuerySet:
        return self.filter(open_q())

    def overdue(self, today: dt.date) -> NetworkAgreementQuerySet:
        """Open agreements past their due date: the Mesas' matrix rule, derived from the date."""
        return self.open().filter(due_on__lt=today)

    def for_mesa(self, mesa: Mesa) -> NetworkAgreementQuerySet:
        """The agreements of the Mesa's network where the Mesa is responsible."""
        return self.filter(encuentro__network_id=mesa.network_id, responsible_mesas=mesa)


class NetworkAgreement(PublicIdModel):
    """An agreement taken at the Encuentro: the network and/or some Mesas answer for it."""

    encuentro = models.ForeignKey(Encuentro, on_delete=models.PROTECT, related_name="agreements")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("agreement"))
    network_responsible = models.BooleanField(_("the network is responsible"), default=False)
    responsible_mesas = models.ManyToManyField(
        Mesa, blank=True, related_name="network_agreements", verbose_name=_("responsible Mesas")
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Agreement.Status, default=Agreement.Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = NetworkAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("network agreement")
        verbose_name_plural = _("network agreements")
        ordering = ["encuentro", "number"]
        constraints = [
            models.UniqueConstraint(fields=["encuentro", "number"], name="network_agreement_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["done", "cancelled"], closed_on__isnull=False)
                | (~Q(status__in=["done", "cancelled"]) & Q(closed_on__isnull=True)),
                name="network_agreement_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def code(self) -> str:
        """The number people quote: the Encuentro's year and the agreement's number, e.g. EN2026-03."""
        return f"EN{self.encuentro.year}-{self.number:02d}"

    def is_overdue(self, today: dt.date) -> bool:
        """The Mesas' matrix rule (msj.agreements.models.is_overdue)."""
        return is_overdue(self.status, self.due_on, today)


class NetworkFollowUp(PublicIdModel):
    """One entry of a network agreement's timeline, by the network or by a responsible Mesa. Never edited."""

    agreement = models.ForeignKey(NetworkAgreement, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    # The Mesa reporting, or none when network staff wrote it.
    mesa = models.ForeignKey(
        Mesa, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reported by Mesa")
    )
    status_after = models.CharField(_("status after"), max_length=12, choices=Agreement.Status, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["agreement", "on", "created_at"]
        constraints = [
            # A Mesa reports; only the network, which keeps the matrix, moves the status.
            models.CheckConstraint(
                condition=Q(mesa__isnull=True) | Q(status_after=""), name="network_follow_up_mesa_moves_no_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.on}"
