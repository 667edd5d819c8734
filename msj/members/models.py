"""People in a Mesa: memberships, official posts and their seats, and offices."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa, Network


class OfficialPost(models.Model):
    """One public post of Cuadro 3 (level × branch × post), shipped as a catalogue."""

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        STATE = "state", _("State")
        FEDERAL = "federal", _("Federal")

    class Branch(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        LEGISLATIVE = "legislative", _("Legislative")
        JUDICIAL = "judicial", _("Judicial")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    branch = models.CharField(_("branch"), max_length=12, choices=Branch)
    name = models.CharField(_("post"), max_length=200)
    border_only = models.BooleanField(_("only on a border"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("official post")
        verbose_name_plural = _("official posts")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Seat(PublicIdModel):
    """An official's place at a Mesa. It belongs to the post, not to the person holding it."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="seats")
    post = models.ForeignKey(OfficialPost, on_delete=models.PROTECT, related_name="seats")
    label = models.CharField(
        _("qualifier"),
        max_length=120,
        blank=True,
        help_text=_("Distinguishes two seats of the same post, e.g. the district of a federal deputy."),
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["post__position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "post", "label"], name="seat_unique_per_mesa"),
        ]

    def __str__(self) -> str:
        return f"{self.post.name} ({self.label})" if self.label else self.post.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        """Candidates for access now: active accounts and memberships not ended before yesterday.

        Each Mesa has its own time zone, so the exact cut is `Membership.is_current`, which
        compares with the Mesa's local date; this coarse filter only narrows the rows.
        """
        yesterday = timezone.now().date() - dt.timedelta(days=1)
        return self.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=yesterday),
            status=Membership.Status.ACTIVE,
            user__is_active=True,
        )


class Membership(PublicIdModel):
    """A person's place in one Mesa. A person may belong to several Mesas, one place each."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen member")
        OFFICIAL = "official", _("Official member")
        HONORARY = "honorary", _("Honorary citizen")
        VOLUNTEER = "volunteer", _("Volunteer")
        GUEST = "guest", _("Guest")
        STAFF = "staff", _("Technical staff")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        RESIGNED = "resigned", _("Resigned")
        REMOVED = "removed", _("Removed")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("seat")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One open place per person per Mesa; history rows have an end date.
            models.UniqueConstraint(
                fields=["mesa", "user"], condition=Q(ended_on__isnull=True), name="membership_one_open_per_mesa"
            ),
            # A seat is held by one person at a time.
            models.UniqueConstraint(
                fields=["seat"], condition=Q(ended_on__isnull=True), name="seat_held_by_one_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(kind="official", seat__isnull=False) | (~Q(kind="official") & Q(seat__isnull=True)),
                name="membership_official_has_seat",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.mesa}"

    def clean(self) -> None:
        if self.seat is not None and self.seat.mesa_id != self.mesa_id:
            raise ValidationError({"seat": _("The seat belongs to another Mesa.")})

    def is_current(self) -> bool:
        """Whether this membership grants access today, in the Mesa's time zone."""
        today = self.mesa.today()
        return (
            self.status == self.Status.ACTIVE
            and self.user.is_active
            and self.started_on <= today
            and (self.ended_on is None or self.ended_on > today)
        )

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN


# A Mesa always has two elected alternate coordinators (Cuadro 5).
ALTERNATE_SEATS = 2


def alternate_shortfall(alternates: int) -> int:
    """How many alternate seats are empty: the Mesa must always have two elected alternates."""
    return max(0, ALTERNATE_SEATS - alternates)


class OfficeQuerySet(models.QuerySet["Office"]):
    def current(self, on: dt.date) -> OfficeQuerySet:
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class Office(PublicIdModel):
    """A term in a Mesa office, kept as history (coordinator, alternates, Executive Committee, secretary)."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        ALTERNATE = "alternate", _("Alternate coordinator")
        EXECUTIVE = "executive", _("Executive Committee member")
        SECRETARY = "secretary", _("Technical secretary")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="offices")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="offices")
    kind = models.CharField(_("office"), max_length=12, choices=Kind)
    started_on = models.DateField(_("term starts"))
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    ended_on = models.DateField(_("left office"), null=True, blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["kind", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mesa"],
                condition=Q(kind="coordinator", ended_on__isnull=True),
                name="office_one_coordinator",
            ),
            models.UniqueConstraint(
                fields=["mesa"],
                condition=Q(kind="secretary", ended_on__isnull=True),
                name="office_one_secretary",
            ),
            models.UniqueConstraint(
                fields=["membership", "kind"],
                condition=Q(ended_on__isnull=True),
                name="office_once_per_holder",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="office_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.membership.user}"

    def clean(self) -> None:
        if self.membership_id is not None and self.membership.mesa_id != self.mesa_id:
            raise ValidationError({"membership": _("The member belongs to another Mesa.")})


class NetworkStaffQuerySet(models.QuerySet["NetworkStaff"]):
    def current(self, today: dt.date) -> NetworkStaffQuerySet:
        """Places on a network's staff that have started and not ended by `today`."""
        return self.filter(started_on__lte=today).exclude(ended_on__lte=today)


class NetworkStaff(PublicIdModel):
    """A person working for the national network. Never a member of any Mesa's decisions."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="network_roles")
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = NetworkStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("network staff")
        verbose_name_plural = _("network staff")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"], condition=Q(ended_on__isnull=True), name="network_staff_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.network}"
