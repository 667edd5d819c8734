"""Coordinator and alternate elections (DOMAIN.md §4.4, Cuadro 5), driven by the coordinator's term.

One `ElectionCycle` per term end of a Mesa. Thirty days before the end, the incoming
coordinator is chosen among the alternates (and the coordinator, when standing again);
citizen members send their `Candidacy` for the alternate seat that falls vacant to the
technical secretary; fifteen days before the end that seat is voted on. Each vote is an
`ElectionVote`, a vote of the engine (msj/votes) plus what it decided; second rounds are new
`ElectionVote` rows. The offices change when the new term starts (`services.apply_due_terms`).
"""

from __future__ import annotations

import os
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa


class Seat(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    ALTERNATE = "alternate", _("Alternate coordinator")


class ElectionCycle(PublicIdModel):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        COMPLETED = "completed", _("Completed")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="election_cycles")
    term_ends_on = models.DateField(_("term ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("election cycle")
        verbose_name_plural = _("election cycles")
        ordering = ["-term_ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "term_ends_on"], name="election_cycle_once_per_term"),
            models.CheckConstraint(
                condition=Q(status="open", completed_on__isnull=True)
                | Q(status="completed", completed_on__isnull=False),
                name="election_cycle_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Elections for the term ending %(date)s") % {"date": self.term_ends_on.isoformat()})


def letter_path(instance: Candidacy, filename: str) -> str:
    """Letters are stored under a random name and served only through the letter view."""
    return (
        f"candidacies/{instance.cycle.term_ends_on.year}/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()[:10]}"
    )


class Candidacy(PublicIdModel):
    """A citizen member's letter standing for a seat: the vacant alternate seat, or the coordinator's re-election."""

    cycle = models.ForeignKey(ElectionCycle, on_delete=models.CASCADE, related_name="candidacies")
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("candidate")
    )
    seat = models.CharField(_("seat"), max_length=12, choices=Seat)
    letter_text = models.TextField(_("letter"), blank=True)
    letter_file = models.FileField(_("letter (PDF)"), upload_to=letter_path, max_length=200, blank=True)
    letter_name = models.CharField(_("file name"), max_length=255, blank=True)
    submitted_on = models.DateField(_("submitted on"))
    recorded_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    forwarded_at = models.DateTimeField(_("forwarded to the citizen members"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["seat", "submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "membership", "seat"], name="candidacy_once_per_seat"),
            # A letter the technical secretary reads: its text, its PDF, or both (Cuadro 5).
            models.CheckConstraint(
                condition=~Q(letter_text="") | ~Q(letter_file="") | Q(seat="coordinator"),
                name="candidacy_has_a_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_seat_display()}: {self.membership.user}"


class ElectionVote(PublicIdModel):
    """One vote of a cycle for one seat, and what it decided once closed."""

    cycle = models.ForeignKey(ElectionCycle, on_delete=models.CASCADE, related_name="votes")
    seat = models.CharField(_("seat"), max_length=12, choices=Seat)
    vote = models.OneToOneField("votes.Vote", on_delete=models.PROTECT, related_name="election")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_round")
    # Recorded when the vote closes (the receiver of `vote_closed`); blank while it is open.
    outcome = models.CharField(_("outcome"), max_length=12, blank=True)
    elected = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("elected")
    )
    # The office the elected person took when the term started (`services.apply_due_terms`).
    office = models.OneToOneField(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("election vote")
        verbose_name_plural = _("election votes")
        ordering = ["cycle", "seat", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(elected__isnull=True) | Q(outcome="elected"), name="election_vote_elected_iff_outcome"
            ),
            models.CheckConstraint(
                condition=Q(office__isnull=True) | Q(elected__isnull=False), name="election_vote_office_if_elected"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_seat_display()} ({self.round}): {self.cycle}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)
