"""Exchange fixtures on top of the personas and the committees' fixtures (idempotent).

- directory cards for Mesa A (listed publicly) and Mesa B;
- an active twinning of A's Indicators committee with B's, with one document A shared;
- a pending request of B's Indicators committee to twin with A's Prevention committee;
- an accepted visit of A to B's plenary, and a pending request of B to visit A;
- a published practice of A with an attachment, a draft of A, a published practice of B.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from msj.committees import services as committee_services
from msj.committees.models import Committee
from msj.committees.testing import committee_fixtures
from msj.exchange import services
from msj.exchange.models import DirectoryCard, Practice, SharedDocument, Twinning, Visit
from msj.members.testing import Personas

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "diagnostico.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class ExchangeFixtures:
    indicators_a: Committee
    indicators_b: Committee
    prevention_a: Committee
    twinning: Twinning
    pending_twinning: Twinning
    document: SharedDocument
    visit: Visit
    pending_visit: Visit
    practice: Practice
    draft: Practice
    practice_b: Practice


def practice_values(title: str, topic: str = "Robo de vehículos") -> dict[str, object]:
    return {
        "committee": None,
        "title": title,
        "topic": topic,
        "summary": f"{title}: resumen.",
        "problem": "Aumento del robo de vehículos en la zona centro.",
        "diagnosis": "Puntos de robo concentrados en estacionamientos sin vigilancia.",
        "actions": "Mapeo con la policía municipal y acuerdos con los estacionamientos.",
        "results": "Baja del 30 % en seis meses.",
        "tags": "robo, vehículos",
    }


def exchange_fixtures(p: Personas) -> ExchangeFixtures:
    committees = committee_fixtures(p)
    indicators_b = committee_services.ensure_core_committees(mesa=p.mesa_b)[1]
    for mesa, by, city, listed in ((p.mesa_a, p.ana, "Ciudad Juárez", True), (p.mesa_b, p.carla, "Reynosa", False)):
        if not DirectoryCard.objects.filter(mesa=mesa).exists():
            services.save_card(
                mesa=mesa,
                by=by,
                city=city,
                presentation="",
                contact=DirectoryCard.Contact.EMAIL,
                contact_phone="",
                listed_publicly=listed,
            )
    twinning = Twinning.objects.filter(committee=committees.indicators, partner=indicators_b).first()
    if twinning is None:
        twinning = services.request_twinning(
            committee=committees.indicators, partner=indicators_b, message="Aprender de su metodología.", by=p.sara
        )
        twinning = services.decide_twinning(twinning=twinning, accept=True, by=p.carla)
        services.share_document(twinning=twinning, mesa=p.mesa_a, title="Diagnóstico", upload=pdf(), by=p.sara)
    pending_twinning = Twinning.objects.filter(committee=indicators_b, partner=committees.prevention).first()
    if pending_twinning is None:
        pending_twinning = services.request_twinning(
            committee=indicators_b, partner=committees.prevention, message="Queremos conocer su trabajo.", by=p.carla
        )
    visit = Visit.objects.filter(visitor=p.mesa_a, host=p.mesa_b).first()
    if visit is None:
        wished = p.mesa_a.today() + dt.timedelta(days=20)
        visit = services.request_visit(
            visitor=p.mesa_a, host=p.mesa_b, wished_on=wished, visitors="Ana y Sara", purpose="Inducción", by=p.ana
        )
        visit = services.decide_visit(visit=visit, accept=True, plenary_on=wished, by=p.carla)
    pending_visit = Visit.objects.filter(visitor=p.mesa_b, host=p.mesa_a).first()
    if pending_visit is None:
        pending_visit = services.request_visit(
            visitor=p.mesa_b,
            host=p.mesa_a,
            wished_on=p.mesa_b.today() + dt.timedelta(days=30),
            visitors="Carla",
            purpose="Conocer su pleno",
            by=p.carla,
        )
    practice = Practice.objects.filter(mesa=p.mesa_a, title="Comité de robo de vehículos").first()
    if practice is None:
        practice = services.save_practice(
            mesa=p.mesa_a,
            practice=None,
            values=practice_values("Comité de robo de vehículos"),
            files=[pdf()],
            by=p.sara,
        )
        practice = services.publish_practice(practice=practice, by=p.ana)
    draft = Practice.objects.filter(mesa=p.mesa_a, title="Borrador de senderos seguros").first()
    if draft is None:
        draft = services.save_practice(
            mesa=p.mesa_a,
            practice=None,
            values=practice_values("Borrador de senderos seguros", topic="Senderos seguros"),
            by=p.sara,
        )
    practice_b = Practice.objects.filter(mesa=p.mesa_b, title="Alumbrado y prevención").first()
    if practice_b is None:
        practice_b = services.save_practice(
            mesa=p.mesa_b,
            practice=None,
            values=practice_values("Alumbrado y prevención", topic="Alumbrado"),
            by=p.carla,
        )
        practice_b = services.publish_practice(practice=practice_b, by=p.carla)
    return ExchangeFixtures(
        indicators_a=committees.indicators,
        indicators_b=indicators_b,
        prevention_a=committees.prevention,
        twinning=twinning,
        pending_twinning=pending_twinning,
        document=twinning.documents.get(),
        visit=visit,
        pending_visit=pending_visit,
        practice=practice,
        draft=draft,
        practice_b=practice_b,
    )
