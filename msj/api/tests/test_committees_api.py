"""Committees through the API: the same policy, forms, services and audit as the pages."""

from __future__ import annotations

import pytest

from msj.audit.models import AuditEvent
from msj.committees.models import Committee, CommitteeDecision, CommitteeMember
from msj.members.models import Membership
from msj.members.testing import Personas

from .conftest import API, bearer, call, membership_of, token_for
from .cycle import Cycle, make_cycle

C = f"{API}/mesas/mesa-a/committees"


@pytest.fixture
def cycle(personas: Personas) -> Cycle:
    return make_cycle(personas)


def as_(personas: Personas, name: str) -> dict[str, str]:
    user = personas.all()[name]
    assert user is not None
    return bearer(token_for(user))


def test_officials_never_see_the_executive_committee(client, personas: Personas, cycle: Cycle) -> None:
    names = [c["name"] for c in client.get(C, headers=as_(personas, "olga")).json()["items"]]
    assert "Prevención" in names and str(cycle.committees.executive.name) not in names
    everyone = [c["name"] for c in client.get(C, headers=as_(personas, "beto")).json()["items"]]
    assert str(cycle.committees.executive.name) in everyone
    executive = f"{C}/{cycle.committees.executive.public_id}"
    assert client.get(executive, headers=as_(personas, "olga")).status_code == 404
    assert client.get(executive, headers=as_(personas, "beto")).status_code == 200


def test_a_committee_of_mesa_a_is_404_for_carla(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{C}/{cycle.committees.prevention.public_id}"
    response = client.get(url, headers=as_(personas, "carla"))
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    # Nor in her own Mesa's address.
    assert client.get(url.replace("mesa-a", "mesa-b"), headers=as_(personas, "carla")).status_code == 404


def test_committee_page_shows_members_signatures_and_requests_to_those_who_decide(
    client, personas: Personas, cycle: Cycle
) -> None:
    url = f"{C}/{cycle.committees.prevention.public_id}"
    body = client.get(url, headers=as_(personas, "beto")).json()
    assert body["coordinator"]["name"] == "Beto Barrios" and body["alternate"]["name"] == "Eva Escobedo"
    assert body["my_role"] == "coordinator" and body["member_count"] == 2
    assert {(m["person"]["name"], m["signed_manual"]) for m in body["members"]} == {
        ("Beto Barrios", True),
        ("Eva Escobedo", True),
    }
    assert {p["person"]["name"] for p in body["pending"]} == {"Ana Arriaga", "Sara Salas"}
    assert body["manual"]["version"] == 1 and body["decisions"][0]["kind"] == "create"
    # Olga sees the committee, but nobody's request.
    olga = client.get(url, headers=as_(personas, "olga")).json()
    assert olga["pending"] == [] and olga["my_role"] is None


def test_join_then_the_coordinator_approves(client, personas: Personas, cycle: Cycle) -> None:
    prevention = cycle.committees.prevention
    joined = call(client, "POST", f"{C}/{prevention.public_id}/join", None, **as_(personas, "olga"))
    assert joined.status_code == 201 and joined.json()["status"] == "pending"
    again = call(client, "POST", f"{C}/{prevention.public_id}/join", None, **as_(personas, "olga"))
    assert again.status_code == 422 and again.json()["errors"][0]["message"]

    approve = f"{C}/{prevention.public_id}/requests/{joined.json()['public_id']}/approve"
    # The technical secretary does not decide who joins: the committee's coordinator does (Cuadro 7).
    refused = call(client, "POST", approve, None, **as_(personas, "sara"))
    assert refused.status_code == 403
    assert CommitteeMember.objects.get(public_id=joined.json()["public_id"]).status == "pending"
    approved = call(client, "POST", approve, None, **as_(personas, "beto"))
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["joined_on"] == personas.mesa_a.today().isoformat()
    event = AuditEvent.objects.filter(object_id=joined.json()["public_id"], action="update").get()
    assert event.actor == personas.beto
    # Approved, Olga signs the manual in force; signing again changes nothing.
    sign = f"{C}/{prevention.public_id}/manual/sign"
    assert call(client, "POST", sign, None, **as_(personas, "olga")).json()["new"] is True
    assert call(client, "POST", sign, None, **as_(personas, "olga")).json()["new"] is False


def test_named_committees_are_not_joined_by_request(client, personas: Personas, cycle: Cycle) -> None:
    response = call(client, "POST", f"{C}/{cycle.committees.executive.public_id}/join", None, **as_(personas, "beto"))
    assert response.status_code == 422
    assert not CommitteeMember.objects.filter(committee=cycle.committees.executive).exists()


def test_create_by_decision_and_its_refusals_change_nothing(client, personas: Personas, cycle: Cycle) -> None:
    ana = str(membership_of(personas, "ana").public_id)
    body = {
        "name": "Corredores seguros",
        "coordinator": ana,
        "alternate": ana,
        "manual_text": "Manual del comité.",
        "decided_on": "2025-04-01",
        "minutes_reference": "Acta del Comité Ejecutivo del 01/04/2025",
    }
    committees, events = Committee.objects.count(), AuditEvent.objects.filter(mesa=personas.mesa_a).count()
    refused = call(client, "POST", C, body, **as_(personas, "sara"))
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["alternate"]
    olga = str(membership_of(personas, "olga").public_id)
    not_a_citizen = call(client, "POST", C, {**body, "alternate": olga}, **as_(personas, "sara"))
    assert not_a_citizen.status_code == 422 and not_a_citizen.json()["errors"][0]["field"] == "alternate"
    assert call(client, "POST", C, {**body, "alternate": olga}, **as_(personas, "beto")).status_code == 403
    assert call(client, "POST", C, {**body, "alternate": olga}, **as_(personas, "olga")).status_code == 403
    assert (Committee.objects.count(), AuditEvent.objects.filter(mesa=personas.mesa_a).count()) == (committees, events)

    beto = str(membership_of(personas, "beto").public_id)
    created = call(client, "POST", C, {**body, "alternate": beto}, **as_(personas, "eva"))
    assert created.status_code == 201
    data = created.json()
    assert (data["coordinator"]["name"], data["alternate"]["name"]) == ("Ana Arriaga", "Beto Barrios")
    assert data["decisions"][0]["recorded_by"]["name"] == "Eva Escobedo"
    committee = Committee.objects.get(public_id=data["public_id"])
    assert CommitteeDecision.objects.filter(committee=committee, kind="create").exists()


def test_dissolve(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{C}/{cycle.to_dissolve.public_id}/dissolve"
    body = {"decided_on": "2025-06-01", "minutes_reference": "Acta del 01/06/2025"}
    assert call(client, "POST", url, body, **as_(personas, "beto")).status_code == 403
    dissolved = call(client, "POST", url, body, **as_(personas, "ana"))
    assert dissolved.status_code == 200 and dissolved.json()["dissolved_on"] == "2025-06-01"
    assert dissolved.json()["members"] == []
    core = f"{C}/{cycle.committees.indicators.public_id}/dissolve"
    refused = call(client, "POST", core, body, **as_(personas, "ana"))
    assert refused.status_code == 422
    assert Committee.objects.get(pk=cycle.committees.indicators.pk).dissolved_on is None


def test_axes_and_a_new_manual(client, personas: Personas, cycle: Cycle) -> None:
    axes = f"{API}/mesas/mesa-a/axes"
    assert call(client, "POST", axes, {"number": 1, "name": "Otra"}, **as_(personas, "sara")).status_code == 422
    assert (
        call(client, "POST", axes, {"number": 2, "name": "Prevención social"}, **as_(personas, "sara")).status_code
        == 201
    )
    assert [a["number"] for a in client.get(axes, headers=as_(personas, "olga")).json()["items"]] == [1, 2]
    manual = f"{C}/{cycle.committees.prevention.public_id}/manual"
    today = personas.mesa_a.today().isoformat()
    assert call(client, "POST", manual, {"text": "v2", "adopted_on": today}, **as_(personas, "olga")).status_code == 403
    adopted = call(client, "POST", manual, {"text": "Versión 2", "adopted_on": today}, **as_(personas, "beto"))
    assert adopted.status_code == 201 and adopted.json()["version"] == 2
    detail = client.get(f"{C}/{cycle.committees.prevention.public_id}", headers=as_(personas, "eva")).json()
    assert not any(m["signed_manual"] for m in detail["members"])  # everyone signs the new version anew


def test_leave_and_add_a_person(client, personas: Personas, cycle: Cycle) -> None:
    prevention = cycle.committees.prevention
    url = f"{API}/mesas/mesa-a/committees/{prevention.public_id}"
    # Beto coordinates Prevention: he cannot leave before someone takes his place.
    refused = call(client, "POST", f"{url}/leave", None, **as_(personas, "beto"))
    assert refused.status_code == 422
    assert CommitteeMember.objects.serving().filter(committee=prevention, membership__user=personas.beto).exists()
    body = {"email": "vera@example.org", "full_name": "Vera Voluntaria", "kind": "volunteer"}
    assert call(client, "POST", f"{url}/people", body, **as_(personas, "olga")).status_code == 403
    bad = call(client, "POST", f"{url}/people", {**body, "email": "no es correo"}, **as_(personas, "beto"))
    assert bad.status_code == 422 and not Membership.objects.filter(user__email="vera@example.org").exists()
    added = call(client, "POST", f"{url}/people", body, **as_(personas, "beto"))
    assert added.status_code == 201
    vera = Membership.objects.get(mesa=personas.mesa_a, user__email="vera@example.org")
    assert vera.kind == Membership.Kind.VOLUNTEER
    assert CommitteeMember.objects.serving().filter(committee=prevention, membership=vera).exists()
