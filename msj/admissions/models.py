"""Admission of a citizen member (DOMAIN.md §4.2, Cuadros 10 and 11).

An `Application` moves through an explicit state machine, one service per step
(msj/admissions/services.py):

    submitted → reviewed → distributed → presented → voting → admitted → signed
            ↘ unmet                                          ↘ rejected
                                                             ↘ not_valid → voting (the secretary re-opens)

Each step appends an `Event` (the timeline of the application's page). The candidate's files
(`CandidateFile`) are read through the application's policy, never from a public URL.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.admissions.rules import REQUIREMENT_CHOICES
from msj.core.models import PublicIdModel


class Application(PublicIdModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting the Executive Committee's review")
        UNMET = "unmet", _("Requirements not met")
        REVIEWED = "reviewed", _("Requirements met; CV to be distributed")
        DISTRIBUTED = "distributed", _("CV distributed; to be presented at a citizens' meeting")
        PRESENTED = "presented", _("Presented; vote to be opened")
        VOTING = "voting", _("Vote open")
        NOT_VALID = "not_valid", _("Vote not valid (no quorum)")
        REJECTED = "rejected", _("Not admitted")
        ADMITTED = "admitted", _("Admitted; bylaws to be signed")
        SIGNED = "signed", _("Admitted; bylaws signed")

    mesa = models.ForeignKey("mesas.Mesa", on_delete=models.CASCADE, related_name="applications")
    proposer = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    candidate_name = models.CharField(_("candidate's full name"), max_length=200)
    # Kept in lower case: a candidate is one person whatever the case of their address.
    candidate_email = models.EmailField(_("candidate's e-mail"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SUBMITTED)
    submitted_on = models.DateField(_("applied on"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    distributed_at = models.DateTimeField(_("CV distributed"), null=True, blank=True)
    presented_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presented at"),
    )
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    # The latest vote; an earlier one that was not valid is its `previous`.
    vote = models.OneToOneField("votes.Vote", on_delete=models.PROTECT, null=True, blank=True, related_name="admission")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    membership = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bylaws_version = models.PositiveIntegerField(_("bylaws version sent"), null=True, blank=True)
    signed_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bylaws signed at"),
    )
    signed_on = models.DateField(_("bylaws signed on"), null=True, blank=True)
    committee_request = models.ForeignKey(
        "committees.CommitteeMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("application for admission")
        verbose_name_plural = _("applications for admission")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "submitted",
                        "unmet",
                        "reviewed",
                        "distributed",
                        "presented",
                        "voting",
                        "not_valid",
                        "rejected",
                        "admitted",
                        "signed",
                    ]
                ),
                name="admission_status_known",
            ),
            # One running application per candidate and Mesa (re-application: rules.may_reapply).
            models.UniqueConstraint(
                fields=["mesa", "candidate_email"],
                condition=Q(status__in=["submitted", "reviewed", "distributed", "presented", "voting", "not_valid"]),
                name="admission_one_running_per_candidate",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="admission_reviewed_has_review",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=["distributed", "presented", "voting", "not_valid", "rejected", "admitted", "signed"]
                )
                | Q(distributed_at__isnull=False),
                name="admission_distributed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["presented", "voting", "not_valid", "rejected", "admitted", "signed"])
                | Q(presented_at__isnull=False, presented_on__isnull=False),
                name="admission_presented_has_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["voting", "not_valid", "rejected", "admitted", "signed"])
                | Q(vote__isnull=False),
                name="admission_voted_has_vote",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_at__isnull=False, signed_on__isnull=False),
                name="admission_signed_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Application of %(name)s") % {"name": self.candidate_name})

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING


RUNNING = frozenset(
    {
        Application.Status.SUBMITTED,
        Application.Status.REVIEWED,
        Application.Status.DISTRIBUTED,
        Application.Status.PRESENTED,
        Application.Status.VOTING,
        Application.Status.NOT_VALID,
    }
)
# Ends that count as a rejection for the re-application rule (Cuadro 11: unmet requirements too).
REJECTIONS = frozenset({Application.Status.UNMET, Application.Status.REJECTED})


class RequirementCheck(models.Model):
    """The Executive Committee's finding on one requirement of Cuadro 10."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    requirement = models.CharField(_("requirement"), max_length=40, choices=REQUIREMENT_CHOICES)
    met = models.BooleanField(_("met"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("requirement check")
        verbose_name_plural = _("requirement checks")
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="admission_requirement_once"),
            models.CheckConstraint(condition=Q(met=True) | ~Q(note=""), name="admission_unmet_has_note"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.met}"


def candidate_file_path(instance: CandidateFile, filename: str) -> str:
    """A random name: the person's file name stays in the row; files are served by the download view."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"admissions/{instance.application.public_id}/{uuid.uuid4().hex}{extension}"


class CandidateFile(PublicIdModel):
    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        PHOTO = "photo", _("Photo")
        LETTER = "letter", _("Motivation letter")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    file = models.FileField(_("file"), upload_to=candidate_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("candidate's file")
        verbose_name_plural = _("candidate's files")
        ordering = ["application", "kind"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="admission_file_once_per_kind")]

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """One step of an application, with its date: the timeline of the application's page."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Application submitted")
        REVIEWED = "reviewed", _("Reviewed by the Executive Committee: every requirement met")
        UNMET = "unmet", _("Reviewed by the Executive Committee: requirements not met")
        DISTRIBUTED = "distributed", _("CV distributed to the citizen members")
        PRESENTED = "presented", _("Presented at a citizens' meeting")
        VOTE_OPENED = "vote_opened", _("Vote opened")
        ADMITTED = "admitted", _("Admitted by the vote")
        REJECTED = "rejected", _("Not admitted by the vote")
        NOT_VALID = "not_valid", _("Vote not valid: the quorum was not reached")
        WELCOME_SENT = "welcome_sent", _("Welcome letter and bylaws sent")
        SIGNED = "signed", _("Bylaws signed at a citizens' session")
        COMMITTEE_REQUESTED = "committee", _("Asked to join a committee")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=14, choices=Kind)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("step of an application")
        verbose_name_plural = _("steps of applications")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class Bylaws(PublicIdModel):
    """A version of the Mesa's bylaws (reglamento), sent with every welcome letter. Never edited."""

    mesa = models.ForeignKey("mesas.Mesa", on_delete=models.CASCADE, related_name="bylaws")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bylaws")
        verbose_name_plural = _("bylaws")
        ordering = ["mesa", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "version"], name="bylaws_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="bylaws_version_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Bylaws, version %(version)s") % {"version": self.version})
