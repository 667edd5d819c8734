"""Agreements for tests, built on the personas (msj/members/testing.py).

`make_agreements` gives Mesa A a committee coordinated by Eva and four agreements, one per
audience. Agreements taken outside a meeting are for the whole Mesa; the others' audience
would come from their origin meeting's body, and is set directly here so that these tests
do not depend on the meetings app. Calling it again returns the same agreements.

- mesa: Olga's seat responsible, the committee responsible, due in 30 days
- citizens: citizen members only, Olga's seat responsible all the same, overdue
- executive: Executive Committee only
- committee: the committee's agreement, no seat responsible
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from msj.agreements.models import Agreement, Evidence
from msj.agreements.services import add_follow_up, create_agreement
from msj.committees.models import Committee, CommitteeMember
from msj.members.access import actor_for
from msj.members.models import Membership
from msj.members.testing import SINCE, Personas

COMMITTEE = "Comité de Seguimiento (pruebas)"
TEXTS = {
    "mesa": "Instalar cámaras en el corredor escolar de la colonia Centro.",
    "citizens": "Preparar la postura ciudadana sobre el informe de la Fiscalía.",
    "executive": "Revisar la evaluación anual de la secretaría técnica.",
    "committee": "Reunir las cifras de robo de vehículos del trimestre.",
}
# The smallest file that passes as a PDF: what evidence tests upload.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Agreements:
    committee: Committee
    mesa: Agreement
    citizens: Agreement
    executive: Agreement
    committee_agreement: Agreement


def make_committee(personas: Personas) -> Committee:
    """A thematic committee of Mesa A coordinated by Eva (a citizen member)."""
    committee, created = Committee.objects.get_or_create(
        mesa=personas.mesa_a, name=COMMITTEE, defaults={"created_on": SINCE}
    )
    if created:
        CommitteeMember.objects.create(
            committee=committee,
            membership=Membership.objects.get(mesa=personas.mesa_a, user=personas.eva, ended_on__isnull=True),
            role=CommitteeMember.Role.COORDINATOR,
            status=CommitteeMember.Status.APPROVED,
            joined_on=SINCE,
        )
    return committee


def make_agreements(personas: Personas) -> Agreements:
    mesa = personas.mesa_a
    found = {a.text: a for a in Agreement.objects.filter(mesa=mesa, text__in=TEXTS.values())}
    committee = make_committee(personas)
    sara = actor_for(personas.sara, mesa)
    today = mesa.today()
    made: dict[str, Agreement] = {}
    for audience, text in TEXTS.items():
        agreement = found.get(text)
        if agreement is None:
            agreement = create_agreement(
                mesa=mesa,
                text=text,
                by=sara,
                committee=committee if audience in {"mesa", "committee"} else None,
                due_on=today + dt.timedelta(days=30),
                responsible_seats=[personas.olga_seat] if audience in {"mesa", "citizens"} else [],
            )
            changes: dict[str, object] = {"audience": audience}
            if audience == "citizens":
                changes["due_on"] = today - dt.timedelta(days=3)  # overdue since three days
            Agreement.objects.filter(pk=agreement.pk).update(**changes)
            agreement.refresh_from_db()
        made[audience] = agreement
    return Agreements(
        committee=committee,
        mesa=made["mesa"],
        citizens=made["citizens"],
        executive=made["executive"],
        committee_agreement=made["committee"],
    )


def make_evidence(personas: Personas) -> Evidence:
    """A follow-up with one PDF on the Mesa-wide agreement (stored in MEDIA_ROOT)."""
    agreement = make_agreements(personas).mesa
    existing = Evidence.objects.filter(follow_up__agreement=agreement).first()
    if existing is not None:
        return existing
    follow_up = add_follow_up(
        agreement=agreement,
        by=actor_for(personas.sara, personas.mesa_a),
        on=personas.mesa_a.today(),
        note="Se instalaron las primeras cinco cámaras.",
        progress=40,
        files=[SimpleUploadedFile("acta-instalacion.pdf", PDF_BYTES, content_type="application/pdf")],
    )
    return follow_up.evidence.get()
