"""Axes and committees of a Mesa (DOMAIN.md §4.6). The operating cycle builds on these."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa


class Axis(PublicIdModel):
    """A grouping of committees (eje), e.g. Ciudad Juárez's four axes."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["mesa", "number"], name="axis_number_unique")]

    def __str__(self) -> str:
        return self.name


class Committee(PublicIdModel):
    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Executive Committee")
        INDICATORS = "indicators", _("Indicators Committee")
        HONOUR = "honour", _("Honour and Justice Committee")
        THEMATIC = "thematic", _("Thematic committee")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="committees")
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, null=True, blank=True, related_name="committees", verbose_name=_("axis")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.THEMATIC)
    name = models.CharField(_("name"), max_length=200)
    created_on = models.DateField(_("created on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["axis__number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "name"], name="committee_name_unique"),
            # The Executive and Indicators committees exist from the Mesa's creation, once each.
            models.UniqueConstraint(
                fields=["mesa", "kind"], condition=Q(kind__in=["executive", "indicators"]), name="committee_core_once"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["executive", "indicators"]) | Q(dissolved_on__isnull=True),
                name="committee_core_never_dissolved",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # Committees created with the Mesa that no decision may dissolve (DOMAIN.md §1).
    CORE_KINDS = frozenset({Kind.EXECUTIVE, Kind.INDICATORS})
    # Committees whose members and pages officials never see; their members are named, not admitted.
    RESTRICTED_KINDS = frozenset({Kind.EXECUTIVE, Kind.HONOUR})

    @property
    def is_core(self) -> bool:
        return self.kind in self.CORE_KINDS

    @property
    def is_restricted(self) -> bool:
        return self.kind in self.RESTRICTED_KINDS

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None


class CommitteeMemberQuerySet(models.QuerySet["CommitteeMember"]):
    def open(self) -> CommitteeMemberQuerySet:
        """Rows still running: approved members and pending requests that nobody closed."""
        return self.filter(left_on__isnull=True).exclude(status=CommitteeMember.Status.DECLINED)

    def serving(self) -> CommitteeMemberQuerySet:
        """Approved members who have not left."""
        return self.filter(status=CommitteeMember.Status.APPROVED, left_on__isnull=True)


class CommitteeMember(PublicIdModel):
    """A person on a committee. Anyone with a place in the Mesa may join (volunteers and
    guests too, Cuadro 7) once the committee's coordinator approves."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Committee coordinator")
        ALTERNATE = "alternate", _("Alternate committee coordinator")
        MEMBER = "member", _("Committee member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the coordinator's approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="committee_seats")
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            # One running row per person and committee; a declined request does not block a new one.
            models.UniqueConstraint(
                fields=["committee", "membership"],
                condition=Q(left_on__isnull=True) & ~Q(status="declined"),
                name="committee_member_once",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="coordinator", left_on__isnull=True),
                name="committee_one_coordinator",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="alternate", left_on__isnull=True),
                name="committee_one_alternate",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(joined_on__isnull=False), name="committee_member_approved_joined"
            ),
            models.CheckConstraint(
                condition=Q(role="member") | Q(status="approved"), name="committee_officer_is_approved"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="committee_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} · {self.committee}"

    @property
    def is_officer(self) -> bool:
        return self.role in {self.Role.COORDINATOR, self.Role.ALTERNATE}


class CommitteeDecision(PublicIdModel):
    """The Executive Committee's recorded decision to create or dissolve a committee (Cuadro 7).

    The vote itself comes with the votes capability; until then the decision is recorded with
    its date and a reference to the minutes where it stands.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("Creation")
        DISSOLVE = "dissolve", _("Dissolution")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="committee_decisions")
    kind = models.CharField(_("decision"), max_length=10, choices=Kind)
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="decisions")
    decided_on = models.DateField(_("decided on"))
    minutes_reference = models.CharField(
        _("minutes reference"),
        max_length=300,
        help_text=_("Where the decision stands, e.g. the minutes of the Executive Committee session of 12/03/2026."),
    )
    recorded_by = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind"], name="committee_decision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.committee} ({self.decided_on.isoformat()})"


class ProcessManual(PublicIdModel):
    """One version of a committee's process manual. A new version is a new row, signed anew."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="manuals")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("process manual"))
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("process manual")
        verbose_name_plural = _("process manuals")
        ordering = ["committee", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "version"], name="process_manual_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="process_manual_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} v{self.version}"


class ManualSignature(models.Model):
    """A committee member's acceptance of one version of the committee's process manual."""

    manual = models.ForeignKey(ProcessManual, on_delete=models.PROTECT, related_name="signatures")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="signatures")
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("process manual signature")
        verbose_name_plural = _("process manual signatures")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["manual", "member"], name="manual_signed_once")]

    def __str__(self) -> str:
        return f"{self.member} · v{self.manual.version}"
