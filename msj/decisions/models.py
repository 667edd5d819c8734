"""Executive Committee decisions by vote (DOMAIN.md §4.5, Cuadro 5).

A member of the Executive Committee puts a `Proposal` to the committee: create or dissolve a
committee, appoint the technical secretary, or record the secretary's yearly evaluation. It
is voted on at once (a vote of kind DECISION of the engine, msj/votes, the Executive Committee
its electorate); once approved it is applied with the services of the app it concerns, and a
`SecretaryEvaluation` keeps each evaluation.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa


class Rating(models.TextChoices):
    SATISFACTORY = "satisfactory", _("Satisfactory")
    NEEDS_IMPROVEMENT = "needs_improvement", _("Needs improvement")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class Proposal(PublicIdModel):
    class Kind(models.TextChoices):
        CREATE_COMMITTEE = "create_committee", _("Create a committee")
        DISSOLVE_COMMITTEE = "dissolve_committee", _("Dissolve a committee")
        APPOINT_SECRETARY = "appoint_secretary", _("Appoint the technical secretary")
        EVALUATE_SECRETARY = "evaluate_secretary", _("Evaluate the technical secretary")

    class Status(models.TextChoices):
        VOTING = "voting", _("Being voted on")
        APPLIED = "applied", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")
        INVALID = "invalid", _("Not valid: too few members voted")
        NOT_APPLIED = "not_applied", _("Approved, but it could not be applied")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("decision"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.VOTING)
    vote = models.OneToOneField("votes.Vote", on_delete=models.PROTECT, related_name="proposal")
    proposed_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    # Creating a committee.
    committee_name = models.CharField(_("committee name"), max_length=200, blank=True)
    axis = models.ForeignKey(
        "committees.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("axis")
    )
    coordinator = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee coordinator"),
    )
    alternate = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alternate committee coordinator"),
    )
    manual_text = models.TextField(_("process manual"), blank=True)
    # The committee to dissolve; for a creation, the committee created once applied.
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    # Appointing the technical secretary.
    appointee = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("appointee")
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Evaluating the technical secretary (the term evaluated).
    secretary_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    evaluation_text = models.TextField(_("evaluation"), blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating, blank=True)
    # Once the vote has closed.
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("why it could not be applied"), blank=True)

    class Meta:
        verbose_name = _("Executive Committee proposal")
        verbose_name_plural = _("Executive Committee proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="create_committee")
                | (~Q(committee_name="") & Q(coordinator__isnull=False, alternate__isnull=False) & ~Q(manual_text="")),
                name="proposal_create_has_its_fields",
            ),
            models.CheckConstraint(
                condition=~Q(kind="dissolve_committee") | Q(committee__isnull=False),
                name="proposal_dissolve_names_the_committee",
            ),
            models.CheckConstraint(
                condition=~Q(kind="appoint_secretary") | Q(appointee__isnull=False),
                name="proposal_appoint_names_the_person",
            ),
            models.CheckConstraint(
                condition=~Q(kind="evaluate_secretary")
                | (Q(secretary_office__isnull=False) & ~Q(rating="") & ~Q(evaluation_text="")),
                name="proposal_evaluation_has_its_fields",
            ),
            models.CheckConstraint(
                condition=Q(status="voting", decided_on__isnull=True)
                | (~Q(status="voting") & Q(decided_on__isnull=False)),
                name="proposal_decided_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.vote.question if self.vote_id else self.get_kind_display()


class SecretaryEvaluation(PublicIdModel):
    """The Executive Committee's yearly evaluation of the technical secretary, approved by its vote."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="secretary_evaluations")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating)
    text = models.TextField(_("evaluation"))
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="evaluation")

    class Meta:
        verbose_name = _("technical secretary evaluation")
        verbose_name_plural = _("technical secretary evaluations")
        ordering = ["-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.office.membership.user} · {self.evaluated_on.isoformat()}"
