"""PATCH /mesas/{slug}/rules: the same validation and audit as the web page."""

from __future__ import annotations

from django.forms.models import model_to_dict

from msj.audit.models import AuditEvent
from msj.members.testing import Personas
from msj.mesas.forms import RULE_FIELDS
from msj.mesas.models import Mesa

from .conftest import API, bearer, call, token_for

URL = f"{API}/mesas/mesa-a/rules"


def row(mesa: Mesa) -> dict:
    return model_to_dict(Mesa.objects.get(pk=mesa.pk))


def test_coordinator_changes_some_rules(client, personas: Personas) -> None:
    response = call(
        client,
        "PATCH",
        URL,
        {"admission_quorum_pct": 75, "plenary_notice_days": 5},
        **bearer(token_for(personas.ana)),
    )
    assert response.status_code == 200
    assert response.json()["admission_quorum_pct"] == 75
    mesa = Mesa.objects.get(pk=personas.mesa_a.pk)
    assert (mesa.admission_quorum_pct, mesa.plenary_notice_days, mesa.admission_veto_pct) == (75, 5, 25)

    event = AuditEvent.objects.get(mesa=personas.mesa_a)
    assert (event.action, event.actor, event.object_id) == ("update", personas.ana, str(mesa.public_id))
    assert event.changes() == [("admission_quorum_pct", 80, 75), ("plenary_notice_days", 3, 5)]
    assert set(event.before) == set(event.after) == set(RULE_FIELDS)


def test_api_and_web_record_the_same_audit_entry(client, personas: Personas) -> None:
    call(client, "PATCH", URL, {"plenary_notice_days": 5}, **bearer(token_for(personas.ana)))
    client.force_login(personas.ana)
    data = {name: getattr(Mesa.objects.get(pk=personas.mesa_a.pk), name) for name in RULE_FIELDS}
    assert client.post("/m/mesa-a/rules/", {**data, "plenary_notice_days": 6}).status_code == 302
    api_event, web_event = AuditEvent.objects.filter(mesa=personas.mesa_a).order_by("id")
    assert api_event.changes() == [("plenary_notice_days", 3, 5)]
    assert web_event.changes() == [("plenary_notice_days", 5, 6)]
    assert set(api_event.before) == set(web_event.before)
    assert (api_event.action, api_event.object_type) == (web_event.action, web_event.object_type)


def test_invalid_rules_change_nothing_and_list_every_field(client, personas: Personas) -> None:
    before = row(personas.mesa_a)
    response = call(
        client,
        "PATCH",
        URL,
        {
            "plenary_notice_days": 10,  # valid on its own, but nothing may be saved
            "admission_quorum_pct": 101,
            "election_majority_numerator": 0,
        },
        **bearer(token_for(personas.sara)),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {"admission_quorum_pct", "election_majority_numerator"}
    assert all(e["location"] == "body" and e["message"] for e in errors)
    assert row(personas.mesa_a) == before
    assert not AuditEvent.objects.filter(mesa=personas.mesa_a).exists()


def test_rules_that_break_a_constraint_together_are_refused(client, personas: Personas) -> None:
    before = row(personas.mesa_a)
    response = call(
        client,
        "PATCH",
        URL,
        {"candidacy_opens_days_before_term_end": 10, "candidacy_closes_days_before_term_end": 20},
        **bearer(token_for(personas.ana)),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [None]
    assert row(personas.mesa_a) == before


def test_wrong_types_unknown_fields_and_nulls_are_refused(client, personas: Personas) -> None:
    before = row(personas.mesa_a)
    headers = bearer(token_for(personas.ana))
    response = call(client, "PATCH", URL, {"plenary_notice_days": "soon", "name": "Other"}, **headers)
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("plenary_notice_days", "int_parsing"),
        ("name", "extra_forbidden"),
    }
    response = call(client, "PATCH", URL, {"plenary_notice_days": None}, **headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "plenary_notice_days"
    assert call(client, "PATCH", URL, [1, 2], **headers).status_code == 422
    assert row(personas.mesa_a) == before


def test_web_rules_page_still_validates_and_audits(client, personas: Personas) -> None:
    """The web view now saves through msj.mesas.services.save_rules, like the API."""
    client.force_login(personas.sara)
    data = {name: getattr(personas.mesa_a, name) for name in RULE_FIELDS}
    assert client.post("/m/mesa-a/rules/", {**data, "admission_quorum_pct": "101"}).status_code == 200
    assert not AuditEvent.objects.filter(mesa=personas.mesa_a).exists()
    assert client.post("/m/mesa-a/rules/", {**data, "admission_quorum_pct": "90"}).status_code == 302
    assert Mesa.objects.get(pk=personas.mesa_a.pk).admission_quorum_pct == 90
    assert AuditEvent.objects.get(mesa=personas.mesa_a).changes() == [("admission_quorum_pct", 80, 90)]
