"""Admissions through the API (msj/api/routers/admissions.py): the whole process, and its refusals."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from msj.admissions.models import Application
from msj.admissions.rules import REQUIREMENT_KEYS
from msj.admissions.testing import PDF_BYTES, PNG_BYTES, held_citizens_meeting
from msj.api.tests.conftest import Multipart, bearer, call, token_for
from msj.committees.testing import committee_fixtures
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail
from msj.votes import services as vote_services
from msj.votes.models import Vote

pytestmark = pytest.mark.django_db

API = "/api/v1/mesas/mesa-a"


def application_body(**files: tuple[str, bytes]) -> Multipart:
    parts = {"cv": ("cv.pdf", PDF_BYTES), "photo": ("foto.png", PNG_BYTES), "letter": ("carta.pdf", PDF_BYTES), **files}
    return Multipart(
        {"candidate_name": "Diana Durán", "candidate_email": "diana@example.org"},
        [(field, name, content) for field, (name, content) in parts.items()],
    )


def test_the_whole_admission_through_the_api(client: Client, personas: Personas) -> None:
    beto, eva, sara = (bearer(token_for(u)) for u in (personas.beto, personas.eva, personas.sara))
    committee_fixtures(personas)
    created = call(client, "POST", f"{API}/admissions", application_body(), **beto)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "submitted"
    assert {f["kind"] for f in body["files"]} == {"cv", "photo", "letter"}
    one = f"{API}/admissions/{body['public_id']}"

    checks = [{"requirement": key, "met": True} for key in REQUIREMENT_KEYS]
    checks[3] = {"requirement": REQUIREMENT_KEYS[3], "met": False}
    refused = call(client, "POST", f"{one}/review", {"checks": checks}, **eva)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == [f"{REQUIREMENT_KEYS[3]}_note"]
    checks[3] = {"requirement": REQUIREMENT_KEYS[3], "met": True}
    reviewed = call(client, "POST", f"{one}/review", {"checks": checks}, **eva)
    assert reviewed.status_code == 200
    assert len(reviewed.json()["checks"]) == len(REQUIREMENT_KEYS)

    early = call(client, "POST", f"{one}/vote", None, **sara)
    assert early.status_code == 422
    assert "presented at a citizens' meeting" in early.json()["errors"][0]["message"]

    assert call(client, "POST", f"{one}/distribute", None, **sara).json()["status"] == "distributed"
    meeting = held_citizens_meeting(personas.mesa_a)
    presented = call(client, "POST", f"{one}/presentation", {"meeting": str(meeting.public_id)}, **sara)
    assert presented.json()["presented_at"]["public_id"] == str(meeting.public_id)
    voting = call(client, "POST", f"{one}/vote", None, **sara).json()
    assert voting["status"] == "voting"
    vote_id = voting["vote"]["public_id"]
    vote = Vote.objects.get(public_id=vote_id)
    for user in (personas.ana, personas.eva, personas.beto):  # the last ballot closes the vote
        vote_services.cast_in_app(vote=vote, user=user, option_key="for")
    admitted = call(client, "GET", one, None, **beto).json()
    assert admitted["status"] == "admitted"
    assert admitted["membership"] is not None
    assert [step["step"] for step in admitted["timeline"]][-2:] == ["admitted", "welcome_sent"]
    assert OutboundEmail.objects.filter(idempotency_key__startswith="admission-welcome").count() == 1

    held_on = timezone.localdate(meeting.starts_at, timezone=personas.mesa_a.tzinfo).isoformat()
    signed = call(client, "POST", f"{one}/signing", {"meeting": str(meeting.public_id), "signed_on": held_on}, **sara)
    assert signed.json()["status"] == "signed"
    prevention = committee_fixtures(personas).prevention
    chosen = call(client, "POST", f"{one}/committee", {"committee": str(prevention.public_id)}, **sara).json()
    assert chosen["committee_request"]["committee"]["public_id"] == str(prevention.public_id)
    assert chosen["committee_request"]["status"] == "pending"


def test_a_wrong_file_is_refused_whole_naming_the_field(client: Client, personas: Personas) -> None:
    beto = bearer(token_for(personas.beto))
    response = call(client, "POST", f"{API}/admissions", application_body(photo=("foto.png", PDF_BYTES)), **beto)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["photo"]
    assert not Application.objects.exists()


def test_officials_and_network_staff_find_nothing(client: Client, personas: Personas) -> None:
    for user in (personas.olga, personas.nora):
        headers = bearer(token_for(user))
        assert call(client, "GET", f"{API}/admissions", None, **headers).status_code == 404
        assert call(client, "GET", f"{API}/bylaws", None, **headers).status_code == 404
