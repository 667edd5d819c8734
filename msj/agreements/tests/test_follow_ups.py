"""The follow-up timeline: status transitions, evidence files refused or kept, downloads under the policy."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from msj.agreements import services
from msj.agreements.models import Agreement, Evidence, FollowUp
from msj.agreements.services import add_follow_up
from msj.agreements.testing import PDF_BYTES, Agreements, make_evidence
from msj.audit.models import AuditEvent
from msj.members.access import actor_for

from .helpers import make_meeting, stored_files

MATRIX = "/m/mesa-a/agreements/"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("notes.txt", "hola")
    return out.getvalue()


def post(client, agreement: Agreement, **fields):
    data = {"on": agreement.mesa.today().isoformat(), "note": "Avance reportado.", **fields}
    return client.post(f"{MATRIX}{agreement.public_id}/follow-ups/", data)


def test_moving_the_status_sets_and_clears_closed_on(personas, data: Agreements):
    sara = actor_for(personas.sara, personas.mesa_a)
    agreement = data.mesa
    today = personas.mesa_a.today()
    steps = [
        ("in_progress", "in_progress", None),
        ("done", "done", today),
        ("open", "open", None),  # reopened
        ("cancelled", "cancelled", today),
        ("", "cancelled", today),  # no change
        ("in_progress", "in_progress", None),
    ]
    for status_after, status, closed_on in steps:
        add_follow_up(agreement=agreement, by=sara, on=today, note=f"→ {status_after}", status_after=status_after)
        agreement.refresh_from_db()
        assert (agreement.status, agreement.closed_on) == (status, closed_on), status_after
    assert agreement.follow_ups.count() == len(steps)
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(agreement.public_id))].count("update") == 5


def test_the_timeline_through_the_page(personas, data: Agreements, signed_in):
    meeting = make_meeting(personas.mesa_a, "plenary", personas.mesa_a.today())
    sara = signed_in(personas.sara)
    response = post(
        sara,
        data.mesa,
        meeting=meeting.public_id,
        progress="100",
        status_after="done",
        evidence=[upload("minuta.pdf", PDF_BYTES), upload("foto.jpg", JPEG_BYTES)],
    )
    assert response.status_code == 302
    entry = FollowUp.objects.get(agreement=data.mesa)
    assert (entry.meeting, entry.progress, entry.status_after, entry.author) == (meeting, 100, "done", personas.sara)
    assert sorted(e.original_name for e in entry.evidence.all()) == ["foto.jpg", "minuta.pdf"]
    assert {e.content_type for e in entry.evidence.all()} == {"application/pdf", "image/jpeg"}
    page = sara.get(f"{MATRIX}{data.mesa.public_id}/").content.decode()
    assert "Avance reportado." in page and "minuta.pdf" in page
    matrix = sara.get(MATRIX)
    row = next(a for a, _overdue in matrix.context["rows"] if a.pk == data.mesa.pk)
    assert (row.last_follow_up_on, row.last_progress) == (personas.mesa_a.today(), 100)


def test_an_official_reports_but_does_not_move_the_status(personas, data: Agreements, signed_in):
    olga = signed_in(personas.olga)
    page = olga.get(f"{MATRIX}{data.mesa.public_id}/")
    assert "status_after" not in page.context["form"].fields
    assert post(olga, data.mesa, progress="30", status_after="done").status_code == 302
    agreement = Agreement.objects.get(pk=data.mesa.pk)
    assert agreement.status == "open" and agreement.closed_on is None
    assert FollowUp.objects.get(agreement=agreement).status_after == ""


def test_members_without_a_part_cannot_add_follow_ups(personas, data: Agreements, signed_in):
    assert post(signed_in(personas.beto), data.mesa).status_code == 403
    assert post(signed_in(personas.eva), data.citizens).status_code == 403  # not her committee's
    assert post(signed_in(personas.olga), data.citizens).status_code == 404  # she cannot even read it
    assert not FollowUp.objects.exists()


def test_a_follow_up_cannot_be_dated_in_the_future(personas, data: Agreements, signed_in):
    tomorrow = personas.mesa_a.today() + dt.timedelta(days=1)
    response = post(signed_in(personas.sara), data.mesa, on=tomorrow.isoformat())
    assert response.status_code == 200 and "on" in response.context["form"].errors
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("informe.pdf", b"MZ\x90\x00 a Windows program"),  # an executable named .pdf
        ("foto.png", PDF_BYTES),  # a PDF named .png
        ("tabla.xlsx", zip_bytes()),  # a ZIP that is no workbook
        ("tabla.docx", xlsx_bytes()),  # a workbook named .docx
        ("datos.csv", b"a,b\n\x00\x01\x02binary"),  # binary content named .csv
        ("programa.exe", PDF_BYTES),  # a type that is not accepted at all
        ("pagina.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_by_name_and_nothing_is_saved(
    personas, data: Agreements, signed_in, media, name, content
):
    response = post(
        signed_in(personas.sara),
        data.mesa,
        status_after="done",
        evidence=[upload("bueno.pdf", PDF_BYTES), upload(name, content)],
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["evidence"]
    assert len(errors) == 1 and name in errors[0]
    assert not FollowUp.objects.exists() and not Evidence.objects.exists()
    assert Agreement.objects.get(pk=data.mesa.pk).status == "open"
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(personas, data: Agreements, signed_in, media, settings):
    settings.MSJ_MAX_UPLOAD_BYTES = 2048
    big = PDF_BYTES + b"0" * 2048
    response = post(signed_in(personas.sara), data.mesa, evidence=[upload("grande.pdf", big)])
    assert response.status_code == 200
    [error] = response.context["form"].errors["evidence"]
    assert "grande.pdf" in error and "2.0" in error  # "2.0 KB" (or its translation)
    assert not FollowUp.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("acta.PDF", PDF_BYTES, "application/pdf"),
        ("foto.jpeg", JPEG_BYTES, "image/jpeg"),
        ("mapa.png", PNG_BYTES, "image/png"),
        ("cifras.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("oficio.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("datos.csv", "colonia,robos\nCentro,Peña 12\n".encode(), "text/csv"),
        ("notas.txt", "Reunión con la Fiscalía".encode("cp1252"), "text/plain"),
    ],
)
def test_each_accepted_type(personas, data: Agreements, media, name, content, content_type):
    entry = add_follow_up(
        agreement=data.mesa,
        by=actor_for(personas.sara, personas.mesa_a),
        on=personas.mesa_a.today(),
        note="Evidencia",
        files=[upload(name, content)],
    )
    evidence = entry.evidence.get()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (name, content_type, len(content))
    [path] = stored_files(media)
    assert path.read_bytes() == content
    assert name not in str(path)  # stored under a random name


def test_files_already_stored_are_removed_when_the_entry_fails_afterwards(personas, data, media, monkeypatch):
    def broken_record(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "record", broken_record)
    with pytest.raises(RuntimeError):
        add_follow_up(
            agreement=data.mesa,
            by=actor_for(personas.sara, personas.mesa_a),
            on=personas.mesa_a.today(),
            note="x",
            files=[upload("a.pdf", PDF_BYTES), upload("b.png", PNG_BYTES)],
        )
    assert not FollowUp.objects.exists() and stored_files(media) == []


def test_the_service_refuses_an_empty_note(personas, data):
    with pytest.raises(ValidationError):
        add_follow_up(
            agreement=data.mesa, by=actor_for(personas.sara, personas.mesa_a), on=data.mesa.mesa.today(), note=" "
        )
    assert not FollowUp.objects.exists()


def test_evidence_is_downloaded_through_the_policy_and_audited(personas, data: Agreements, signed_in):
    evidence = make_evidence(personas)
    url = f"{MATRIX}{data.mesa.public_id}/evidence/{evidence.public_id}/"
    response = signed_in(personas.beto).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="acta-instalacion.pdf"')
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, object_id=str(evidence.public_id))
    assert (event.actor, event.mesa, event.after["sha256"]) == (personas.beto, personas.mesa_a, evidence.sha256)
    # The file is not reachable under another agreement, nor by anybody who may not read this one.
    other = f"{MATRIX}{data.citizens.public_id}/evidence/{evidence.public_id}/"
    assert signed_in(personas.sara).get(other).status_code == 404
    assert signed_in(personas.carla).get(url).status_code == 404
    assert signed_in(personas.nora).get(url).status_code == 404


def test_evidence_of_a_citizens_only_agreement_is_404_for_the_official(personas, data: Agreements, signed_in):
    entry = add_follow_up(
        agreement=data.citizens,
        by=actor_for(personas.sara, personas.mesa_a),
        on=personas.mesa_a.today(),
        note="Postura",
        files=[upload("postura.pdf", PDF_BYTES)],
    )
    url = f"{MATRIX}{data.citizens.public_id}/evidence/{entry.evidence.get().public_id}/"
    assert signed_in(personas.olga).get(url).status_code == 404
    assert signed_in(personas.beto).get(url).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=personas.olga).exists()


def test_follow_ups_have_no_edit_or_delete(personas, data):
    from django.urls import get_resolver

    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    assert not {n for n in names if "follow" in n and n != "follow_up"}
