"""Leaving a Mesa, complaints and the Honour and Justice Committee (DOMAIN.md §4.3, Cuadro 12).

A member resigns (a `Resignation`), or a case is opened against them on a citizen member's
complaint, the Executive Committee's own knowledge or a written request (a `Case`). The case's
panel (`PanelMember`) is the Executive Committee plus up to three former coordinators and up to
three guests; it hears every party (`Hearing`) and takes one final `Decision`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from msj.committees.models import Committee
from msj.core.models import PublicIdModel
from msj.members.models import Membership
from msj.mesas.models import Mesa


class Resignation(PublicIdModel):
    """A member's resignation, given on the platform or received by letter by the technical secretary."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="resignations")
    membership = models.OneToOneField(Membership, on_delete=models.PROTECT, related_name="resignation")
    resigned_on = models.DateField(_("resigned on"))
    reason = models.TextField(_("reason"), blank=True)
    by_letter = models.BooleanField(_("received by letter"), default=False)
    recorded_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("resignation")
        verbose_name_plural = _("resignations")
        ordering = ["-resigned_on", "-id"]

    def __str__(self) -> str:
        return str(_("Resignation of %(person)s") % {"person": self.membership.user})


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status=Case.Status.OPEN)


class Case(PublicIdModel):
    """A matter before the Honour and Justice Committee, against one member of the Mesa."""

    class Origin(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint by a citizen member")
        EXECUTIVE_COMMITTEE = "executive_committee", _("The Executive Committee's own knowledge")
        WRITTEN_REQUEST = "written_request", _("Written request")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed without a decision")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="honour_cases")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="honour_cases", verbose_name=_("committee")
    )
    respondent = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="honour_cases_against", verbose_name=_("respondent")
    )
    complainant = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honour_complaints",
        verbose_name=_("complainant"),
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin)
    summary = models.TextField(_("summary"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    opened_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opened by")
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour case")
        verbose_name_plural = _("honour cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="complaint") | Q(complainant__isnull=False), name="honour_complaint_has_complainant"
            ),
            models.CheckConstraint(
                condition=Q(complainant__isnull=True) | ~Q(complainant=F("respondent")),
                name="honour_complainant_is_not_respondent",
            ),
            models.CheckConstraint(
                condition=(Q(status="decided") & Q(decided_on__isnull=False))
                | (~Q(status="decided") & Q(decided_on__isnull=True)),
                name="honour_decided_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False))
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="honour_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("opened_on")),
                name="honour_decided_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="honour_closed_after_opening",
            ),
        ]

    def __str__(self) -> str:
        # What the audit trail shows: no names, since the technical secretary reads it too.
        return str(_("Honour case %(code)s") % {"code": self.code})

    @property
    def code(self) -> str:
        return str(self.public_id)[:8].upper()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def parties(self) -> list[Membership]:
        """The people the committee must hear: the respondent and, when there is one, the complainant."""
        return [self.respondent] if self.complainant is None else [self.respondent, self.complainant]


class PanelMember(PublicIdModel):
    """One person on a case's Honour and Justice Committee.

    The Executive Committee's members sit by office and are listed when the case opens; former
    coordinators and guests (e.g. someone from the national network) are added, up to three of
    each (DOMAIN.md §4.3). A guest may be someone with no account: a name and an address.
    """

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Executive Committee member")
        FORMER_COORDINATOR = "former_coordinator", _("Former coordinator")
        GUEST = "guest", _("Guest")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="honour_panels"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    added_on = models.DateField(_("added on"))
    added_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Honour and Justice Committee member")
        verbose_name_plural = _("Honour and Justice Committee members")
        ordering = ["kind", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "email"], name="honour_panel_person_once"),
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(user__isnull=False), name="honour_panel_user_once"
            ),
            models.CheckConstraint(
                condition=Q(kind="guest") | Q(membership__isnull=False), name="honour_panel_member_has_membership"
            ),
        ]

    def __str__(self) -> str:
        # No name: who sits on a case is as confidential as the case (see Case.__str__).
        return str(_("Committee member in %(case)s") % {"case": self.case})


class Hearing(PublicIdModel):
    """A party heard by the committee, or their recorded refusal to be heard."""

    class Outcome(models.TextChoices):
        HEARD = "heard", _("Heard")
        REFUSED = "refused", _("Refused to be heard")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    party = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="honour_hearing_once_per_party")]

    def __str__(self) -> str:
        return str(_("Hearing in %(case)s") % {"case": self.case})


class Decision(PublicIdModel):
    """The committee's final decision on a case, with its graded sanction. Never edited."""

    class Sanction(models.TextChoices):
        NONE = "none", _("No sanction")
        WRITTEN_WARNING = "written_warning", _("Written warning")
        SUSPENSION_REPEATED = "suspension_repeated", _("Suspension on repetition, after a written warning")
        SUSPENSION_GRAVE = "suspension_grave", _("Suspension without prior warning, for a grave case")

    SUSPENSIONS = frozenset({Sanction.SUSPENSION_REPEATED, Sanction.SUSPENSION_GRAVE})

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    sanction = models.CharField(_("sanction"), max_length=20, choices=Sanction)
    grave = models.BooleanField(_("grave case"), default=False)
    grave_reason = models.TextField(_("why the case is grave"), blank=True)
    grounds = models.TextField(_("grounds"))
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("honour decision")
        verbose_name_plural = _("honour decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(sanction="suspension_grave") | (Q(grave=True) & ~Q(grave_reason="")),
                name="honour_grave_suspension_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(sanction__in=["none", "written_warning", "suspension_repeated", "suspension_grave"]),
                name="honour_sanction_known",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Decision in %(case)s") % {"case": self.case})

    @property
    def suspends(self) -> bool:
        return self.sanction in self.SUSPENSIONS
