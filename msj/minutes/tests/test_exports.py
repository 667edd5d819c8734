"""The acta as PDF and DOCX: every page marked confidential and signed by whoever exported it."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from msj.agreements.services import create_agreement
from msj.audit.models import AuditEvent
from msj.meetings.models import Meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.exports import confidentiality_mark
from msj.minutes.models import Correction, Minutes
from msj.minutes.testing import make_meeting, make_minutes, minutes_url, signed_in

PARAGRAPH = (
    "La Fiscalía General del Estado presentó las cifras de incidencia delictiva del mes: los homicidios "
    "dolosos bajaron respecto del mes anterior, pero los robos a negocio con violencia aumentaron en la zona "
    "centro. El Comité de Indicadores señaló diferencias entre las fuentes oficiales y el observatorio "
    "ciudadano, que se revisarán en la próxima reunión del comité. "
)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def long_minutes(personas: Personas, plenary: Meeting, next_plenary: Meeting) -> Minutes:
    """Sealed minutes of the plenary, long enough for several pages, with agreements and a correction."""
    minutes = make_minutes(plenary, Minutes.Status.SEALED, approved_at=next_plenary)
    ana = Membership.objects.get(user=personas.ana, mesa=personas.mesa_a)
    for n, entry in enumerate(minutes.entries.select_related("item").order_by("item__position"), start=1):
        entry.summary = "\n\n".join([PARAGRAPH] * 4)
        entry.decisions = f"Se acordó dar seguimiento al punto {n} en la próxima sesión."
        entry.save()
        create_agreement(
            mesa=personas.mesa_a,
            text=f"Acuerdo número {n}: presentar el informe detallado del punto.",
            by=personas.sara,
            origin_item=entry.item,
            due_on=plenary.starts_at.date(),
            responsible_seats=[personas.olga_seat],
            responsible_people=[ana],
        )
    Correction.objects.create(
        minutes=minutes,
        item=entry.item,
        text="Donde dice 12 homicidios debe decir 21.",
        reason="Error de captura.",
        approved_at=next_plenary,
        recorded_by=personas.sara,
    )
    return minutes


def test_pdf_marks_every_page_with_confidentiality_and_the_exporter(
    personas: Personas, plenary: Meeting, long_minutes: Minutes
) -> None:
    response = signed_in(personas.beto).get(minutes_url(plenary, "acta.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    day = plenary.starts_at.astimezone(personas.mesa_a.tzinfo).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="acta-mesa-a-{day}.pdf"'

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3
    with translation.override("es-mx"):
        mark = flat(confidentiality_mark())
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert mark in text, (number, text[:400])
        assert "Beto Barrios" in text, number
    everything = flat(" ".join(page.extract_text() for page in reader.pages))
    for expected in ("Mesa A", "Sesión plenaria de marzo", "Olga Ocampo", "Donde dice 12 homicidios debe decir 21."):
        assert expected in everything, expected
    assert "Acuerdo número 6" in everything

    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == personas.beto
    assert event.mesa == personas.mesa_a
    assert event.object_type == f"minutes.pdf:{plenary.public_id}"


def test_docx_header_and_footer_carry_the_mark_and_the_exporter(
    personas: Personas, plenary: Meeting, long_minutes: Minutes
) -> None:
    response = signed_in(personas.sara).get(minutes_url(plenary, "acta.docx"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert re.fullmatch(r'attachment; filename="acta-mesa-a-\d{4}-\d{2}-\d{2}\.docx"', response["Content-Disposition"])
    document = Document(io.BytesIO(response.content))
    with translation.override("es-mx"):
        mark = confidentiality_mark()
    for section in document.sections:
        assert mark in " ".join(p.text for p in section.header.paragraphs)
        assert "Sara Salas" in " ".join(p.text for p in section.footer.paragraphs)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Se acordó dar seguimiento al punto 6 en la próxima sesión." in body
    assert "Donde dice 12 homicidios debe decir 21." in body
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Olga Ocampo" in cells
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.object_type) == (personas.sara, f"minutes.docx:{plenary.public_id}")


def test_the_pdf_shows_an_extraordinary_meeting(personas: Personas) -> None:
    meeting = make_meeting(personas, title="Plenaria extraordinaria", days_ago=3, extraordinary_reason="Secuestros.")
    make_minutes(meeting, Minutes.Status.CIRCULATED)
    response = signed_in(personas.ana).get(minutes_url(meeting, "acta.pdf"))
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    assert "Secuestros." in text


def test_no_export_of_minutes_not_started(personas: Personas, plenary: Meeting) -> None:
    assert signed_in(personas.sara).get(minutes_url(plenary, "acta.pdf")).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_rendering_a_pdf_does_not_fill_the_logs(personas: Personas, caplog: pytest.LogCaptureFixture) -> None:
    """WeasyPrint and fontTools narrate each PDF at INFO; production logs keep their warnings only."""
    meeting = make_meeting(personas, title="Plenaria de noviembre", days_ago=3)
    make_minutes(meeting, Minutes.Status.CIRCULATED)
    with caplog.at_level(logging.INFO):
        assert signed_in(personas.ana).get(minutes_url(meeting, "acta.pdf")).status_code == 200
    noisy = [r for r in caplog.records if r.name.split(".")[0] in {"weasyprint", "fontTools"}]
    assert [r for r in noisy if r.levelno < logging.WARNING] == []
