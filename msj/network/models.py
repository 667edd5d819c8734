"""The network's own records: Mesas in formation, their thirteen steps, evidence and founders."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa
from msj.network.steps import STEP_COUNT, EvidenceKind, Step, step


class Formation(PublicIdModel):
    """The network's accompaniment of one Mesa through the thirteen steps (DOMAIN.md §4.1)."""

    mesa = models.OneToOneField(Mesa, on_delete=models.CASCADE, related_name="formation")
    city = models.CharField(_("city"), max_length=200)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Mesa in formation")
        verbose_name_plural = _("Mesas in formation")

    def __str__(self) -> str:
        return str(self.mesa)


class FormationStep(PublicIdModel):
    """One of the thirteen steps of one formation; validated by network staff on its evidence."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    notes = models.TextField(_("notes"), blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validated_on = models.DateField(_("validated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("formation step")
        verbose_name_plural = _("formation steps")
        ordering = ["formation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["formation", "number"], name="formation_step_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=STEP_COUNT), name="formation_step_number_in_range"
            ),
            models.CheckConstraint(
                condition=Q(validated_by__isnull=True, validated_on__isnull=True)
                | Q(validated_by__isnull=False, validated_on__isnull=False),
                name="formation_step_validated_by_and_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.definition.name}"

    @property
    def definition(self) -> Step:
        return step(self.number)

    @property
    def is_validated(self) -> bool:
        return self.validated_on is not None


def evidence_path(instance: StepEvidence, filename: str) -> str:
    """Store under a random name; files are read only through the network's download view."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"formation/{uuid.uuid4().hex}{extension}"


class StepEvidence(PublicIdModel):
    """What shows a step was met: a document, a date, who attended, or a note. Never changed."""

    step = models.ForeignKey(FormationStep, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind)
    # Which of the step's requirements it answers (steps.Requirement.code); blank for extra evidence.
    requirement = models.CharField(_("requirement"), max_length=40, blank=True)
    document = models.FileField(_("document"), upload_to=evidence_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("step evidence")
        verbose_name_plural = _("step evidence")
        ordering = ["step", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="document") & ~Q(document="") & ~Q(content_type=""))
                | (Q(kind="date") & Q(date__isnull=False))
                | (Q(kind__in=["attendees", "note"]) & ~Q(text="")),
                name="step_evidence_has_its_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.step}"

    def label(self) -> Any:
        """The requirement it answers, in words, or the kind of evidence."""
        requirement = self.step.definition.requirement(self.requirement) if self.requirement else None
        return requirement.label if requirement is not None else self.get_kind_display()


class Founder(PublicIdModel):
    """A founding citizen of a forming Mesa (step 5) and the place they are named to (step 6)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        ALTERNATE = "alternate", _("Alternate coordinator")
        EXECUTIVE = "executive", _("Executive Committee member")
        MEMBER = "member", _("Founding citizen")

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="founders")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)

    class Meta:
        verbose_name = _("founding citizen")
        verbose_name_plural = _("founding citizens")
        ordering = ["formation", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["formation", "email"], name="founder_once"),
            models.UniqueConstraint(
                fields=["formation"], condition=Q(role="coordinator"), name="founder_one_coordinator"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
