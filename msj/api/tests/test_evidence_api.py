"""Follow-ups with evidence files through the API, checked as the web form checks them."""

from __future__ import annotations

from pathlib import Path

from msj.agreements.models import Evidence, FollowUp
from msj.agreements.testing import PDF_BYTES, make_agreements
from msj.members.testing import Personas

from .conftest import API, Multipart, bearer, call, token_for


def url(personas: Personas) -> str:
    agreement = make_agreements(personas).mesa
    return f"{API}/mesas/mesa-a/agreements/{agreement.public_id}/follow-ups/with-evidence"


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_a_follow_up_with_its_evidence(client, personas: Personas, media: Path) -> None:
    today = personas.mesa_a.today().isoformat()
    body = Multipart(
        {"on": today, "note": "Se instalaron cinco cámaras.", "progress": 40},
        [("evidence", "acta.pdf", PDF_BYTES), ("evidence", "cifras.csv", b"mes,robos\nenero,12\n")],
    )
    response = call(client, "POST", url(personas), body, **bearer(token_for(personas.olga)))
    assert response.status_code == 201
    data = response.json()
    assert data["progress"] == 40 and data["author"] == "Olga Ocampo"
    assert [(e["name"], e["content_type"]) for e in data["evidence"]] == [
        ("acta.pdf", "application/pdf"),
        ("cifras.csv", "text/csv"),
    ]
    assert len(stored(media)) == 2
    detail = client.get(url(personas).rsplit("/follow-ups", 1)[0], headers=bearer(token_for(personas.beto))).json()
    assert detail["follow_ups"][0]["evidence"][0]["sha256"] == Evidence.objects.get(original_name="acta.pdf").sha256


def test_a_bad_file_refuses_the_whole_entry(client, personas: Personas, media: Path) -> None:
    today = personas.mesa_a.today().isoformat()
    headers = bearer(token_for(personas.sara))
    for name, content in (
        ("informe.pdf", b"MZ\x90\x00 not a pdf at all"),  # a program named as a PDF
        ("acta.exe", PDF_BYTES),  # a PDF whose name does not say so
    ):
        body = Multipart(
            {"on": today, "note": "Avance"}, [("evidence", "bueno.pdf", PDF_BYTES), ("evidence", name, content)]
        )
        response = call(client, "POST", url(personas), body, **headers)
        assert response.status_code == 422, name
        errors = response.json()["errors"]
        assert [e["field"] for e in errors] == ["evidence"] and name in errors[0]["message"]
    assert not FollowUp.objects.exists() and not Evidence.objects.exists()
    assert stored(media) == []


def test_too_large_and_missing_files(client, personas: Personas, media: Path, settings) -> None:
    settings.MSJ_MAX_UPLOAD_BYTES = 20
    today = personas.mesa_a.today().isoformat()
    headers = bearer(token_for(personas.sara))
    big = call(
        client,
        "POST",
        url(personas),
        Multipart({"on": today, "note": "x"}, [("evidence", "a.pdf", PDF_BYTES)]),
        **headers,
    )
    assert big.status_code == 422 and big.json()["errors"][0]["field"] == "evidence"
    none = call(client, "POST", url(personas), Multipart({"on": today, "note": "x"}), **headers)
    assert none.status_code == 422 and none.json()["errors"][0]["field"] == "evidence"
    assert not FollowUp.objects.exists() and stored(media) == []


def test_the_rights_of_a_follow_up(client, personas: Personas, media: Path) -> None:
    today = personas.mesa_a.today().isoformat()
    files = [("evidence", "acta.pdf", PDF_BYTES)]
    beto = call(
        client, "POST", url(personas), Multipart({"on": today, "note": "x"}, files), **bearer(token_for(personas.beto))
    )
    assert beto.status_code == 403
    # An official reports; she does not move the status.
    olga = call(
        client,
        "POST",
        url(personas),
        Multipart({"on": today, "note": "Listo", "status_after": "done"}, files),
        **bearer(token_for(personas.olga)),
    )
    assert olga.status_code == 403 and olga.json()["errors"][0]["field"] == "status_after"
    carla = call(
        client, "POST", url(personas), Multipart({"on": today, "note": "x"}, files), **bearer(token_for(personas.carla))
    )
    assert carla.status_code == 404
    assert not FollowUp.objects.exists() and stored(media) == []
