"""A forming Mesa for tests and the persona matrix: Mesa F of the personas' network."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from msj.members.testing import Personas
from msj.network.models import Formation, FormationStep, Founder
from msj.network.services import add_evidence, add_founder, register_forming_mesa, validate_step
from msj.network.steps import INSTALLATION, EvidenceKind

FORMING_SLUG = "mesa-f"


def formation_fixture(p: Personas) -> Formation:
    """Mesa F, forming, with its thirteen steps and nothing validated (made once)."""
    found = Formation.objects.filter(mesa__slug=FORMING_SLUG).select_related("mesa").first()
    if found is not None:
        return found
    return register_forming_mesa(
        network=p.network,
        name="Mesa F",
        slug=FORMING_SLUG,
        state="21",
        time_zone="America/Mexico_City",
        city="Puebla",
        by=p.nora,
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def founders_fixture(formation: Formation, *, by: Any, executives: int = 1, prefix: str = "founder") -> None:
    """A founding list: a coordinator, two alternates, `executives` more and one plain founder."""
    domain = formation.mesa.slug
    roles = [Founder.Role.COORDINATOR, Founder.Role.ALTERNATE, Founder.Role.ALTERNATE]
    roles += [Founder.Role.EXECUTIVE] * executives + [Founder.Role.MEMBER]
    for i, role in enumerate(roles, start=1):
        email = f"{prefix}{i}@{domain}.example.org"
        if not formation.founders.filter(email=email).exists():
            add_founder(formation=formation, full_name=f"Fundadora {i}", email=email, role=role, by=by)


def complete_step(step: FormationStep, *, by: Any, on: dt.date, validate: bool = True) -> None:
    """Record every piece of evidence the step asks for (made up), then validate it."""
    answered = set(step.evidence.values_list("requirement", flat=True))
    for requirement in step.definition.requires:
        if requirement.code in answered:
            continue
        values: dict[str, dict[str, Any]] = {
            EvidenceKind.DOCUMENT: {"upload": pdf(f"{requirement.code}.pdf")},
            EvidenceKind.DATE: {"date": on},
            EvidenceKind.ATTENDEES: {"text": "Ana Ruiz, Luis Pérez, Marta Díaz"},
            EvidenceKind.NOTE: {"text": str(requirement.label)},
        }
        add_evidence(step=step, requirement=requirement.code, by=by, **values[requirement.kind])
    if validate and not step.is_validated and step.number != INSTALLATION:
        validate_step(step=step, by=by)


def complete_through(formation: Formation, last: int, *, by: Any, on: dt.date) -> None:
    """Complete and validate steps 1 to `last` (below installation), founders included."""
    if last >= 5:
        founders_fixture(formation, by=by)
    for step in formation.steps.filter(number__lte=last).order_by("number"):
        complete_step(step, by=by, on=on)
