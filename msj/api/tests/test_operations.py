"""What each operation answers, for the people allowed to call it."""

from __future__ import annotations

import datetime as dt

import pytest

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.members.models import Membership, Office
from msj.members.testing import SINCE, Personas
from msj.mesas.forms import RULE_FIELDS
from msj.mesas.models import Mesa

from .conftest import API, bearer, beto_membership, call, token_for


@pytest.fixture
def as_ana(personas: Personas) -> dict[str, str]:
    return bearer(token_for(personas.ana))


def test_me(client, personas: Personas, as_ana) -> None:
    body = client.get(f"{API}/me", headers=as_ana).json()
    assert body == {
        "public_id": str(personas.ana.public_id),
        "name": "Ana Arriaga",
        "email": "ana@example.org",
        "language": "es-mx",
        "mesas": [
            {
                "public_id": str(personas.mesa_a.public_id),
                "slug": "mesa-a",
                "name": "Mesa A",
                "roles": ["citizen", "coordinator"],
            }
        ],
    }


def test_my_calendar_address(client, personas: Personas, as_ana) -> None:
    assert client.get(f"{API}/me/calendar", headers=as_ana).json() == {"active": False, "created_at": None}
    made = call(client, "POST", f"{API}/me/calendar", None, **as_ana)
    assert made.status_code == 201
    path = "/" + made.json()["url"].split("/", 3)[3]  # the feed's path on this site
    assert client.get(path).status_code == 200 and b"BEGIN:VCALENDAR" in client.get(path).content
    assert client.get(f"{API}/me/calendar", headers=as_ana).json()["active"] is True
    assert call(client, "POST", f"{API}/me/calendar/revoke", None, **as_ana).json() == {"revoked": True}
    assert client.get(path).status_code == 404  # calendars using it stop updating
    assert call(client, "POST", f"{API}/me/calendar/revoke", None, **as_ana).json() == {"revoked": False}


def test_me_of_network_staff_lists_the_networks_mesas(client, personas: Personas) -> None:
    body = client.get(f"{API}/me", headers=bearer(token_for(personas.nora))).json()
    assert [(m["slug"], m["roles"]) for m in body["mesas"]] == [("mesa-a", ["network"]), ("mesa-b", ["network"])]


def test_list_mesas(client, personas: Personas) -> None:
    carla = client.get(f"{API}/mesas", headers=bearer(token_for(personas.carla))).json()
    assert carla["count"] == 1
    assert carla["items"] == [
        {
            "public_id": str(personas.mesa_b.public_id),
            "slug": "mesa-b",
            "name": "Mesa B",
            "state": "28",
            "status": "operating",
            "time_zone": "America/Monterrey",
            "installed_on": "2012-03-01",
        }
    ]
    nora = client.get(f"{API}/mesas?limit=1&offset=1", headers=bearer(token_for(personas.nora))).json()
    assert nora["count"] == 2
    assert [m["slug"] for m in nora["items"]] == ["mesa-b"]


def test_get_mesa(client, personas: Personas, as_ana) -> None:
    body = client.get(f"{API}/mesas/mesa-a", headers=as_ana).json()
    assert body["public_id"] == str(personas.mesa_a.public_id)
    assert body["installed_on"] == "2010-06-01"
    assert "id" not in body


def test_get_rules(client, personas: Personas) -> None:
    body = client.get(f"{API}/mesas/mesa-a/rules", headers=bearer(token_for(personas.olga))).json()
    assert set(body) == set(RULE_FIELDS)
    assert body["admission_quorum_pct"] == 80
    assert body["election_majority_numerator"] == 2


def test_list_members(client, personas: Personas, as_ana) -> None:
    body = client.get(f"{API}/mesas/mesa-a/members", headers=as_ana).json()
    assert body["count"] == 5
    # Ordered by kind, then name, as in the web directory.
    assert [(m["kind"], m["name"]) for m in body["items"]] == [
        ("citizen", "Ana Arriaga"),
        ("citizen", "Beto Barrios"),
        ("citizen", "Eva Escobedo"),
        ("official", "Olga Ocampo"),
        ("staff", "Sara Salas"),
    ]
    olga = body["items"][3]
    assert olga["seat"] == {
        "public_id": str(personas.olga_seat.public_id),
        "post": personas.olga_seat.post.name,
        "label": "",
    }
    assert olga["started_on"] == SINCE.isoformat()
    assert all("id" not in m and "user" not in m and "email" not in m for m in body["items"])


def test_list_members_filter_and_pages(client, personas: Personas, as_ana) -> None:
    citizens = client.get(f"{API}/mesas/mesa-a/members?kind=citizen", headers=as_ana).json()
    assert citizens["count"] == 3
    page = client.get(f"{API}/mesas/mesa-a/members?limit=2&offset=2", headers=as_ana).json()
    assert page["count"] == 5
    assert [m["name"] for m in page["items"]] == ["Eva Escobedo", "Olga Ocampo"]
    too_many = client.get(f"{API}/mesas/mesa-a/members?limit=201", headers=as_ana)
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0] | {"message": None} == {
        "field": "limit",
        "location": "query",
        "message": None,
        "code": "less_than_equal",
    }
    assert client.get(f"{API}/mesas/mesa-a/members?limit=200", headers=as_ana).status_code == 200
    assert client.get(f"{API}/mesas/mesa-a/members?kind=mayor", headers=as_ana).status_code == 422


def test_members_list_hides_past_members_except_from_coordinator(client, personas: Personas) -> None:
    Membership.objects.filter(user=personas.beto).update(status=Membership.Status.SUSPENDED)
    as_eva = bearer(token_for(personas.eva))
    assert client.get(f"{API}/mesas/mesa-a/members", headers=as_eva).json()["count"] == 4
    assert client.get(f"{API}/mesas/mesa-a/members", headers=bearer(token_for(personas.ana))).json()["count"] == 5
    beto = beto_membership(personas)
    assert client.get(f"{API}/mesas/mesa-a/members/{beto.public_id}", headers=as_eva).status_code == 404


def test_members_list_queries_do_not_grow_with_members(
    client, personas: Personas, as_ana, django_assert_max_num_queries
) -> None:
    url = f"{API}/mesas/mesa-a/members?limit=200"
    with django_assert_max_num_queries(12) as few:
        assert client.get(url, headers=as_ana).json()["count"] == 5
    for i in range(30):
        user = User.objects.create_user(email=f"citizen{i}@example.org", full_name=f"Citizen {i:02}")
        Membership.objects.create(mesa=personas.mesa_a, user=user, kind=Membership.Kind.CITIZEN, started_on=SINCE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, headers=as_ana).json()["count"] == 35


def test_get_member(client, personas: Personas, as_ana) -> None:
    ana = Membership.objects.get(user=personas.ana)
    body = client.get(f"{API}/mesas/mesa-a/members/{ana.public_id}", headers=as_ana).json()
    office = Office.objects.get(membership=ana)
    assert body["name"] == "Ana Arriaga"
    assert body["offices"] == [
        {
            "public_id": str(office.public_id),
            "kind": "coordinator",
            "started_on": SINCE.isoformat(),
            "term_ends_on": None,
            "ended_on": None,
        }
    ]


def test_member_of_another_mesa_or_unknown_is_404(client, personas: Personas, as_ana) -> None:
    carla = Membership.objects.get(user=personas.carla)
    assert client.get(f"{API}/mesas/mesa-a/members/{carla.public_id}", headers=as_ana).status_code == 404
    assert client.get(f"{API}/mesas/mesa-a/members/not-a-uuid", headers=as_ana).status_code == 404


def test_change_member_status(client, personas: Personas) -> None:
    beto = beto_membership(personas)
    response = call(
        client,
        "POST",
        f"{API}/mesas/mesa-a/members/{beto.public_id}/status",
        {"status": "resigned", "on": "2025-03-01"},
        **bearer(token_for(personas.sara)),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resigned"
    assert response.json()["ended_on"] == "2025-03-01"
    beto.refresh_from_db()
    assert (beto.status, beto.ended_on) == (Membership.Status.RESIGNED, dt.date(2025, 3, 1))
    event = AuditEvent.objects.get(object_id=str(beto.public_id))
    assert (event.actor, event.mesa) == (personas.sara, personas.mesa_a)
    assert event.before["status"] == "active" and event.after["status"] == "resigned"


def test_change_member_status_refused_by_the_service_is_422(client, personas: Personas) -> None:
    beto = beto_membership(personas)
    response = call(
        client,
        "POST",
        f"{API}/mesas/mesa-a/members/{beto.public_id}/status",
        {"status": "removed", "on": "2020-01-01"},  # before Beto joined
        **bearer(token_for(personas.ana)),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [(e["field"], e["location"]) for e in response.json()["errors"]] == [("on", "body")]
    beto.refresh_from_db()
    assert beto.status == Membership.Status.ACTIVE
    assert not AuditEvent.objects.filter(mesa=personas.mesa_a).exists()


def test_change_member_status_with_bad_input_is_422(client, personas: Personas) -> None:
    beto = beto_membership(personas)
    response = call(
        client,
        "POST",
        f"{API}/mesas/mesa-a/members/{beto.public_id}/status",
        {"status": "exiled", "on": "someday"},
        **bearer(token_for(personas.ana)),
    )
    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == ["on", "status"]


def test_coordinator_cannot_change_her_own_status(client, personas: Personas) -> None:
    ana = Membership.objects.get(user=personas.ana)
    response = call(
        client,
        "POST",
        f"{API}/mesas/mesa-a/members/{ana.public_id}/status",
        {"status": "suspended", "on": "2025-03-01"},
        **bearer(token_for(personas.ana)),
    )
    assert response.status_code == 403


def test_list_seats_with_current_holder(client, personas: Personas, as_ana) -> None:
    body = client.get(f"{API}/mesas/mesa-a/seats", headers=as_ana).json()
    olga = Membership.objects.get(user=personas.olga)
    assert body["count"] == 1
    seat = body["items"][0]
    assert seat["public_id"] == str(personas.olga_seat.public_id)
    assert seat["post"]["code"] == "municipal-security-director"
    assert seat["post"]["level"] == "municipal"
    assert seat["holder"] == {"public_id": str(olga.public_id), "name": "Olga Ocampo"}

    Membership.objects.filter(pk=olga.pk).update(ended_on=dt.date(2025, 1, 1))
    body = client.get(f"{API}/mesas/mesa-a/seats", headers=as_ana).json()
    assert body["items"][0]["holder"] is None


def test_list_offices(client, personas: Personas, as_ana) -> None:
    body = client.get(f"{API}/mesas/mesa-a/offices", headers=as_ana).json()
    assert [(o["kind"], o["holder"]["name"]) for o in body["items"]] == [
        ("coordinator", "Ana Arriaga"),
        ("executive", "Eva Escobedo"),
        ("secretary", "Sara Salas"),
    ]


def test_list_audit(client, personas: Personas) -> None:
    as_sara = bearer(token_for(personas.sara))
    call(client, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 5}, **as_sara)
    other = Mesa.objects.get(slug="mesa-b")
    AuditEvent.objects.create(action="update", mesa=other, object_type="mesas.mesa", object_repr="Mesa B")
    body = client.get(f"{API}/mesas/mesa-a/audit", headers=bearer(token_for(personas.eva))).json()
    assert body["count"] == 1
    event = body["items"][0]
    assert event["action"] == "update"
    assert event["actor"] == {"public_id": str(personas.sara.public_id), "name": "Sara Salas"}
    assert event["changes"] == [{"field": "plenary_notice_days", "before": 3, "after": 5}]
    assert dt.datetime.fromisoformat(event["at"]).tzinfo is not None
    assert client.get(f"{API}/mesas/mesa-a/audit?action=view", headers=as_sara).json()["count"] == 0


def test_audit_never_shows_internal_keys(client, personas: Personas) -> None:
    beto = beto_membership(personas)
    call(
        client,
        "POST",
        f"{API}/mesas/mesa-a/members/{beto.public_id}/status",
        {"status": "suspended", "on": "2025-03-01"},
        **bearer(token_for(personas.ana)),
    )
    body = client.get(f"{API}/mesas/mesa-a/audit", headers=bearer(token_for(personas.ana))).json()
    fields = {c["field"] for e in body["items"] for c in e["changes"]}
    assert "status" in fields
    assert not any(f == "id" or f.endswith("_id") for f in fields)
