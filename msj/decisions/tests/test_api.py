"""Proposals through the API: the web's forms check the input, the same services apply it."""

from __future__ import annotations

from typing import Any

import pytest

from msj.api.services import create_token
from msj.committees.testing import membership
from msj.decisions.models import Proposal
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


def headers(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user=user, name='script')[1]}", "Accept-Language": "en"}


def test_a_proposal_to_create_a_committee(client: Any, personas: Personas) -> None:
    url = f"/api/v1/mesas/{personas.mesa_a.slug}/decisions"
    body = {
        "kind": "create_committee",
        "committee_name": "Movilidad segura",
        "coordinator": str(membership(personas, "beto").public_id),
        "alternate": str(membership(personas, "beto").public_id),
        "manual_text": "Cada mes.",
    }
    refused = client.post(url, body, content_type="application/json", headers=headers(personas.eva))
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["alternate"]
    body["alternate"] = str(membership(personas, "ana").public_id)
    created = client.post(url, body, content_type="application/json", headers=headers(personas.eva))
    assert created.status_code == 201
    proposal = Proposal.objects.get()
    assert created.json()["status"] == "voting" and created.json()["vote"] == str(proposal.vote.public_id)
    listed = client.get(url, headers=headers(personas.sara)).json()
    assert listed["count"] == 1


def test_the_secretarys_evaluation_due_date(client: Any, personas: Personas) -> None:
    response = client.get(f"/api/v1/mesas/{personas.mesa_a.slug}/secretary-evaluation", headers=headers(personas.ana))
    assert response.json() | {"secretary": None} == {
        "secretary": None,
        "in_office_since": "2024-01-15",
        "last_evaluated_on": None,
        "last_rating": None,
        "due_on": "2025-01-15",
        "overdue": True,
    }
    assert (
        client.get(
            f"/api/v1/mesas/{personas.mesa_a.slug}/secretary-evaluation", headers=headers(personas.beto)
        ).status_code
        == 404
    )
