"""The agreements part of the API: the same policy, filters and checks as the pages."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from msj.agreements.models import Agreement, FollowUp
from msj.agreements.testing import Agreements
from msj.api.services import create_token
from msj.members.models import Membership, OfficialPost, Seat

API = "/api/v1/mesas/mesa-a/agreements"


def headers(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user=user, name='test')[1]}"}


def call(client, method, path, user, body=None):
    return client.generic(
        method,
        path,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=headers(user),
    )


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_the_list_follows_the_policy_and_the_filters_of_the_page(client, personas, data: Agreements):
    assert sorted(codes(call(client, "GET", API, personas.beto))) == sorted(
        a.code for a in (data.mesa, data.citizens, data.committee_agreement)
    )
    assert codes(call(client, "GET", API, personas.olga)) == [data.mesa.code]
    overdue = call(client, "GET", f"{API}?status=overdue", personas.sara).json()["items"]
    assert [(i["code"], i["overdue"]) for i in overdue] == [(data.citizens.code, True)]
    assert codes(call(client, "GET", f"{API}?committee={data.committee.public_id}", personas.sara)) == [
        data.committee_agreement.code,
        data.mesa.code,
    ]
    item = next(i for i in call(client, "GET", API, personas.sara).json()["items"] if i["code"] == data.mesa.code)
    assert item["committee"]["name"] == data.committee.name
    assert item["committee_coordinator"]["name"] == "Eva Escobedo"
    assert item["responsible_seats"][0]["holder"]["name"] == "Olga Ocampo"
    assert item["audience"] == "mesa" and item["overdue"] is False


def test_a_filter_that_does_not_hold_is_a_422_naming_it(client, personas, data: Agreements):
    response = call(client, "GET", f"{API}?committee=00000000-0000-0000-0000-000000000000", personas.sara)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["committee"]


def test_create_refuses_bad_input_on_its_field_and_changes_nothing(client, personas, data: Agreements):
    seat_b = Seat.objects.create(mesa=personas.mesa_b, post=OfficialPost.objects.first())
    before = Agreement.objects.count()
    response = call(client, "POST", API, personas.sara, {"text": " ", "responsible_seats": [str(seat_b.public_id)]})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"text", "responsible_seats"}
    response = call(client, "POST", API, personas.sara, {"text": "x", "due_on": "2001-01-01"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "due_on"
    assert Agreement.objects.count() == before


def test_create_and_change(client, personas, data: Agreements):
    beto = Membership.objects.get(mesa=personas.mesa_a, user=personas.beto)
    created = call(
        client,
        "POST",
        API,
        personas.ana,
        {"text": "Nuevo acuerdo", "responsible_people": [str(beto.public_id)], "priority": "high"},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["number"] == 5 and body["responsible_people"][0]["name"] == "Beto Barrios"
    changed = call(client, "PATCH", f"{API}/{body['public_id']}", personas.sara, {"due_on": "2099-01-01"})
    assert changed.status_code == 200
    agreement = Agreement.objects.get(public_id=body["public_id"])
    assert agreement.due_on == dt.date(2099, 1, 1)
    assert agreement.priority == "high" and list(agreement.responsible_people.all()) == [beto]  # the rest kept


def test_follow_ups_through_the_api(client, personas, data: Agreements):
    today = personas.mesa_a.today().isoformat()
    url = f"{API}/{data.mesa.public_id}/follow-ups"
    refused = call(client, "POST", url, personas.olga, {"on": today, "note": "Listo", "status_after": "done"})
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "status_after"
    assert call(client, "POST", url, personas.olga, {"on": today, "note": "Avance", "progress": 50}).status_code == 201
    done = call(client, "POST", url, personas.eva, {"on": today, "note": "Concluido", "status_after": "done"})
    assert done.status_code == 201 and done.json()["status_after"] == "done"
    agreement = Agreement.objects.get(pk=data.mesa.pk)
    assert (agreement.status, agreement.closed_on) == ("done", personas.mesa_a.today())
    detail = call(client, "GET", f"{API}/{data.mesa.public_id}", personas.beto).json()
    assert [f["note"] for f in detail["follow_ups"]] == ["Concluido", "Avance"]
    assert detail["last_progress"] == 50
    assert call(client, "POST", url, personas.beto, {"on": today, "note": "x"}).status_code == 403
    assert FollowUp.objects.count() == 2


def test_the_list_runs_a_fixed_number_of_queries(client, personas, data: Agreements):
    from .test_matrix import _grow

    auth = headers(personas.sara)
    _grow(personas, data, 2)
    client.get(API, headers=auth)
    with CaptureQueriesContext(connection) as few:
        client.get(API, headers=auth)
    _grow(personas, data, 10)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(API, headers=auth).json()["items"]) == 16
    assert len(many) == len(few)
