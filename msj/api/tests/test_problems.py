"""Errors are application/problem+json (RFC 9457), in the language of Accept-Language."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from msj.api import api as api_module
from msj.api.routers import me
from msj.members.testing import Personas

from .conftest import API, bearer, beto_membership, call, token_for

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("language", ["es", "es-MX", "en"])
def test_messages_follow_accept_language(client, personas: Personas, language: str) -> None:
    response = client.get(
        f"{API}/mesas/mesa-b", headers={**bearer(token_for(personas.beto)), "Accept-Language": language}
    )
    body = assert_problem(response, 404)
    code = "en" if language == "en" else "es-mx"
    assert response["Content-Language"] == code
    with translation.override(code):
        assert body["title"] == gettext("Not found")
        assert body["detail"] == gettext("There is nothing here, or you are not allowed to see it.")


def test_field_errors_are_translated(client, personas: Personas) -> None:
    """Field messages reuse Django's, which Django already ships in Spanish."""
    headers = {**bearer(token_for(personas.ana)), "Accept-Language": "es"}
    beto = beto_membership(personas)
    body = assert_problem(
        call(client, "POST", f"{API}/mesas/mesa-a/members/{beto.public_id}/status", {}, **headers), 422
    )
    with translation.override("es-mx"):
        required = gettext("This field is required.")
    assert required != "This field is required."  # Spanish already, from Django's own catalogue
    assert {(e["field"], e["message"]) for e in body["errors"]} == {("status", required), ("on", required)}

    response = call(client, "PATCH", f"{API}/mesas/mesa-a/rules", {"admission_quorum_pct": 101}, **headers)
    body = assert_problem(response, 422)
    with translation.override("es-mx"):
        expected = gettext("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": 100}
        assert body["detail"] == gettext("The input is not valid. The errors list each field to correct.")
    assert body["errors"] == [
        {"field": "admission_quorum_pct", "location": "body", "message": expected, "code": "max_value"}
    ]
    assert not expected.startswith("Ensure")


def test_400_for_a_body_that_is_not_json(client, personas: Personas) -> None:
    response = client.generic(
        "PATCH",
        f"{API}/mesas/mesa-a/rules",
        "{not json",
        content_type="application/json",
        headers=bearer(token_for(personas.ana)),
    )
    assert_problem(response, 400)


def test_401_without_credentials(client, personas: Personas) -> None:
    body = assert_problem(client.get(f"{API}/me"), 401)
    assert body["type"] == "about:blank"


def test_403_for_a_member_without_the_right(client, personas: Personas) -> None:
    response = call(
        client, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 5}, **bearer(token_for(personas.beto))
    )
    assert_problem(response, 403)


def test_404_for_unknown_paths_too(client, personas: Personas) -> None:
    headers = bearer(token_for(personas.beto))
    for path in [f"{API}/", f"{API}/nothing", f"{API}/mesas/mesa-a/nothing", f"{API}/me/"]:
        assert_problem(client.get(path, headers=headers), 404)


def test_405_keeps_the_allow_header(client, personas: Personas) -> None:
    response = client.delete(f"{API}/mesas/mesa-a/rules", headers=bearer(token_for(personas.ana)))
    body = assert_problem(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert "DELETE" in body["detail"]


def test_422_for_invalid_query_parameters(client, personas: Personas) -> None:
    response = client.get(f"{API}/mesas/mesa-a/members?offset=-1", headers=bearer(token_for(personas.ana)))
    body = assert_problem(response, 422)
    assert [(e["field"], e["location"]) for e in body["errors"]] == [("offset", "query")]


def test_429_after_too_many_calls(client, personas: Personas, monkeypatch) -> None:
    throttle = api_module.api.throttle[0]  # type: ignore[index]
    monkeypatch.setattr(throttle, "rate", 2)
    headers = bearer(token_for(personas.beto))
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    response = client.get(f"{API}/me", headers=headers)
    assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    # Counted per person: someone else is not held back.
    assert client.get(f"{API}/me", headers=bearer(token_for(personas.eva))).status_code == 200


def test_500_is_a_problem_and_is_logged(client, personas: Personas, monkeypatch, caplog) -> None:
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(me, "places_of", broken)
    body = assert_problem(client.get(f"{API}/me", headers=bearer(token_for(personas.beto))), 500)
    assert "boom" not in str(body)
    assert any(r.name == "msj.api" and r.exc_info for r in caplog.records)
