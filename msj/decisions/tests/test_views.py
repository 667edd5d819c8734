"""The Executive Committee's proposals through HTTP: who sees them, who proposes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from msj.committees.testing import committee_fixtures, membership
from msj.decisions.models import Proposal
from msj.decisions.testing import proposal_fixture
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


def test_the_executive_committee_and_the_secretary_see_proposals_nobody_else(client: Any, personas: Personas) -> None:
    proposal = proposal_fixture(personas)
    slug = personas.mesa_a.slug
    urls = [
        reverse("decisions:list", kwargs={"mesa_slug": slug}),
        reverse("decisions:detail", kwargs={"mesa_slug": slug, "public_id": proposal.public_id}),
    ]
    for name, status in {
        "ana": 200,
        "eva": 200,
        "sara": 200,
        "beto": 404,
        "olga": 404,
        "carla": 404,
        "nora": 404,
    }.items():
        client.force_login(personas.all()[name])
        assert [client.get(u).status_code for u in urls] == [status, status], name
    create = reverse("decisions:create", kwargs={"mesa_slug": slug, "kind": "evaluate_secretary"})
    client.force_login(personas.sara)
    assert client.get(create).status_code == 403  # the secretary does not propose, least of all her own evaluation
    client.force_login(personas.eva)
    assert client.get(reverse("decisions:create", kwargs={"mesa_slug": slug, "kind": "nonsense"})).status_code == 404


def test_the_list_shows_when_the_secretarys_evaluation_is_due(client: Any, personas: Personas) -> None:
    client.force_login(personas.eva)
    page = client.get(reverse("decisions:list", kwargs={"mesa_slug": personas.mesa_a.slug})).content.decode()
    assert "The next evaluation of the technical secretary, Sara Salas, is due on Jan. 15, 2025." in page
    assert "It is overdue." in page


def test_a_member_of_the_executive_committee_proposes_a_dissolution(client: Any, personas: Personas) -> None:
    fixtures = committee_fixtures(personas)
    client.force_login(personas.ana)
    url = reverse("decisions:create", kwargs={"mesa_slug": personas.mesa_a.slug, "kind": "dissolve_committee"})
    response = client.post(url, {"committee": str(fixtures.prevention.public_id)})
    proposal = Proposal.objects.get(kind=Proposal.Kind.DISSOLVE_COMMITTEE)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "decisions:detail", kwargs={"mesa_slug": personas.mesa_a.slug, "public_id": proposal.public_id}
    )
    assert proposal.committee == fixtures.prevention and proposal.proposed_by == membership(personas, "ana")
    page = client.get(response["Location"]).content.decode()
    assert "Prevención" in page and "Being voted on" in page
