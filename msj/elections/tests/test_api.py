"""The elections through the API: the same rules and warnings as on the web."""

from __future__ import annotations

from typing import Any

import pytest

from msj.api.services import create_token
from msj.elections.models import ElectionVote
from msj.elections.testing import election_fixture
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


def headers(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user=user, name='script')[1]}", "Accept-Language": "en"}


def test_the_overview_gives_the_calendar_and_the_empty_alternate_seat(client: Any, personas: Personas) -> None:
    fixture = election_fixture(personas)
    response = client.get(f"/api/v1/mesas/{personas.mesa_a.slug}/elections", headers=headers(personas.beto))
    body = response.json()
    assert response.status_code == 200
    assert body["empty_alternate_seats"] == 1
    assert [a["name"] for a in body["alternates"]] == ["Eva Escobedo"]
    assert body["candidacy_open"] is True
    cycle = body["current_cycle"]
    assert cycle["public_id"] == str(fixture.cycle.public_id)
    assert cycle["calendar"]["term_ends_on"] == fixture.cycle.term_ends_on.isoformat()
    [vote] = cycle["votes"]
    assert vote["outcome"] == "invalid"
    assert [c["ballots"] for c in vote["counts"]] == [0, 0]
    assert vote["counts"][0]["option"] == "Eva Escobedo"
    assert cycle["candidacies"][0]["letter_url"].endswith("/letter/")


def test_a_further_round_and_its_refusals(client: Any, personas: Personas) -> None:
    fixture = election_fixture(personas)
    url = f"/api/v1/mesas/{personas.mesa_a.slug}/elections/votes/{fixture.coordinator_vote.public_id}/next-round"
    refused = client.post(
        url, {"closes_on": "2000-01-01"}, content_type="application/json", headers=headers(personas.eva)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "closes_on"
    opened = client.post(url, {}, content_type="application/json", headers=headers(personas.eva))
    assert opened.status_code == 201 and opened.json()["round"] == 2
    assert ElectionVote.objects.get(previous=fixture.coordinator_vote).round == 2
    again = client.post(url, {}, content_type="application/json", headers=headers(personas.ana))
    assert again.status_code == 422
    assert "already been opened" in again.json()["errors"][0]["message"]
