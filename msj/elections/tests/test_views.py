"""The elections pages through HTTP, with the personas and msj/elections/testing.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msj.elections.models import Candidacy, ElectionVote
from msj.elections.testing import PDF_BYTES, election_fixture
from msj.members.models import Office
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def url(name: str, p: Personas, **kwargs: Any) -> str:
    return reverse(f"elections:{name}", kwargs={"mesa_slug": p.mesa_a.slug, **kwargs})


def test_the_overview_warns_when_an_alternate_seat_is_empty(client: Any, personas: Personas) -> None:
    election_fixture(personas)
    client.force_login(personas.beto)
    page = client.get(url("overview", personas)).content.decode()
    assert "two elected alternate coordinators: 1 seat is empty" in page
    assert "Me propongo como coordinador suplente." in page and "Submit a candidacy" in page
    Office.objects.create(
        mesa=personas.mesa_a,
        membership=election_fixture(personas).beto,
        kind=Office.Kind.ALTERNATE,
        started_on=personas.mesa_a.today(),
    )
    assert "seat is empty" not in client.get(url("overview", personas)).content.decode()


def test_a_citizen_member_sends_a_candidacy_with_a_pdf_letter(client: Any, personas: Personas) -> None:
    fixture = election_fixture(personas)
    client.force_login(personas.ana)  # the coordinator may stand for the alternate seat too
    response = client.post(
        url("submit_candidacy", personas),
        {"letter_text": "", "letter_file": SimpleUploadedFile("mi carta.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    candidacy = Candidacy.objects.get(cycle=fixture.cycle, membership__user=personas.ana)
    assert candidacy.letter_name == "mi carta.pdf"
    download = client.get(url("letter", personas, public_id=candidacy.public_id))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    client.force_login(personas.olga)
    assert client.get(url("letter", personas, public_id=candidacy.public_id)).status_code == 404


def test_the_executive_committee_opens_a_further_round(client: Any, personas: Personas) -> None:
    fixture = election_fixture(personas)
    target = url("next_round", personas, public_id=fixture.coordinator_vote.public_id)
    client.force_login(personas.beto)
    assert client.post(target, {}).status_code == 403
    client.force_login(personas.eva)
    page = client.get(target).content.decode()
    assert "Not valid: too few electors voted." in page and "Eva Escobedo" in page
    response = client.post(target, {"closes_on": ""})
    new = ElectionVote.objects.get(previous=fixture.coordinator_vote)
    assert response.status_code == 302 and response["Location"].endswith(f"/votes/{new.vote.public_id}/")
    assert new.round == 2


def test_the_coordinator_cannot_stand_once_the_vote_opened(client: Any, personas: Personas) -> None:
    election_fixture(personas)
    client.force_login(personas.ana)
    response = client.post(url("stand", personas), follow=True)
    assert "too late to stand" in response.content.decode()
