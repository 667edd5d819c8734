"""Every API operation, called by every persona, answers as the policies say, and as the web does.

The operations come from the OpenAPI schema (msj.api.testing.api_operations), so a new
operation without a row here fails `test_every_operation_is_in_the_matrix`.
"""

from __future__ import annotations

import pytest

from msj.api.testing import api_operations
from msj.members.testing import Personas

from .conftest import API, call, operation_calls, token_for
from .extensions import MEMBERS_A, capability_modules, table

EVERYONE = table(dict.fromkeys(MEMBERS_A, 200), nora=200) | {"carla": 200}
FRAME = table(dict.fromkeys(MEMBERS_A, 200), nora=200)
MEMBERS = table(dict.fromkeys(MEMBERS_A, 200))
COORDINATOR_OR_SECRETARY = table({"ana": 200, "sara": 200})
EXECUTIVE_OR_SECRETARY = table({"ana": 200, "eva": 200, "sara": 200})
RECORDS_DECISIONS = table({"ana": 201, "eva": 201, "sara": 201})  # secretary and Executive Committee
PREVENTION_OFFICERS = table({"beto": 200, "eva": 200})  # Beto coordinates Prevention, Eva is its alternate
# Drafts belong to those who run the meeting (or write the minutes): others get 404.
RUNS_DRAFTS = table({"ana": 200, "sara": 200}, others=404)

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", f"{API}/me"): EVERYONE,
    ("GET", f"{API}/me/calendar"): EVERYONE,
    ("POST", f"{API}/me/calendar"): {p: 201 for p in EVERYONE},
    ("POST", f"{API}/me/calendar/revoke"): EVERYONE,
    ("GET", f"{API}/mesas"): EVERYONE,
    ("GET", f"{API}/mesas/{{slug}}"): FRAME,
    ("GET", f"{API}/mesas/{{slug}}/rules"): MEMBERS,
    ("PATCH", f"{API}/mesas/{{slug}}/rules"): COORDINATOR_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/members"): MEMBERS,
    ("GET", f"{API}/mesas/{{slug}}/members/{{public_id}}"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/members/{{public_id}}/status"): COORDINATOR_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/seats"): MEMBERS,
    ("GET", f"{API}/mesas/{{slug}}/offices"): MEMBERS,
    ("GET", f"{API}/mesas/{{slug}}/audit"): EXECUTIVE_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/compliance"): EXECUTIVE_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/agreements"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/agreements"): table({"ana": 201, "sara": 201}),
    # Citizens-only, with Olga's seat responsible: she still gets 404.
    ("GET", f"{API}/mesas/{{slug}}/agreements/{{public_id}}"): table(
        {"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404
    ),
    ("PATCH", f"{API}/mesas/{{slug}}/agreements/{{public_id}}"): table({"ana": 200, "sara": 200, "olga": 404}),
    # Eva coordinates the responsible committee and Olga's seat is responsible.
    ("POST", f"{API}/mesas/{{slug}}/agreements/{{public_id}}/follow-ups"): table(
        {"ana": 201, "sara": 201, "eva": 201, "olga": 201}
    ),
    ("POST", f"{API}/mesas/{{slug}}/agreements/{{public_id}}/follow-ups/with-evidence"): table(
        {"ana": 201, "sara": 201, "eva": 201, "olga": 201}
    ),
    # Committees.
    ("GET", f"{API}/mesas/{{slug}}/axes"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/axes"): RECORDS_DECISIONS,
    ("GET", f"{API}/mesas/{{slug}}/committees"): MEMBERS,
    ("GET", f"{API}/mesas/{{slug}}/committees/{{public_id}}"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/committees"): RECORDS_DECISIONS,
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/dissolve"): EXECUTIVE_OR_SECRETARY,
    # Anyone in the Mesa asks to join the Indicators Committee.
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/join"): table(dict.fromkeys(MEMBERS_A, 201)),
    # Beto and Eva are Prevention's officers, who cannot leave; Ana and Sara withdraw their
    # requests to join; Olga is not on it.
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/leave"): table({"ana": 200, "sara": 200}, others=422),
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/people"): table({"beto": 201, "eva": 201, "sara": 201}),
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/requests/{{member_id}}/approve"): PREVENTION_OFFICERS,
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/requests/{{member_id}}/decline"): PREVENTION_OFFICERS,
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/manual"): table(
        {"ana": 201, "eva": 201, "sara": 201, "beto": 201}
    ),
    ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/manual/sign"): PREVENTION_OFFICERS,
    # The security agenda; Beto and Eva serve on the committee working on the topic.
    ("GET", f"{API}/mesas/{{slug}}/topics"): MEMBERS,
    ("GET", f"{API}/mesas/{{slug}}/topics/{{public_id}}"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/topics"): RECORDS_DECISIONS,
    ("PATCH", f"{API}/mesas/{{slug}}/topics/{{public_id}}"): EXECUTIVE_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/topics/{{public_id}}/diagnoses"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/topics/{{public_id}}/diagnoses"): table(
        {"ana": 201, "eva": 201, "sara": 201, "beto": 201}
    ),
    # Meetings: the plenary is every member's; those who run it are the secretary and the coordinator.
    ("GET", f"{API}/mesas/{{slug}}/meetings"): MEMBERS,
    ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}"): MEMBERS,
    # A meeting of Prevention: its coordinator and alternate call it too.
    ("POST", f"{API}/mesas/{{slug}}/meetings"): table({"ana": 201, "sara": 201, "beto": 201, "eva": 201}),
    ("PATCH", f"{API}/mesas/{{slug}}/meetings/{{public_id}}"): COORDINATOR_OR_SECRETARY,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/convene"): RUNS_DRAFTS,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/cancel"): COORDINATOR_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda"): table({"ana": 201, "sara": 201}),
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda/{{item_id}}/move"): COORDINATOR_OR_SECRETARY,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda/{{item_id}}/presenter"): COORDINATOR_OR_SECRETARY,
    ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/invitations"): MEMBERS,
    # Inviting Olga to present at the citizens' meeting, which she cannot see.
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/invitations"): table({"ana": 201, "sara": 201, "olga": 404}),
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/reply"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/attendance"): COORDINATOR_OR_SECRETARY,
    # The plenary ahead is not open for check-in yet: whoever sees it is refused, and nothing changes.
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/check-in"): table({}, others=422),
    ("GET", f"{API}/mesas/{{slug}}/absences"): COORDINATOR_OR_SECRETARY,
    # Minutes: circulated ones are read and commented on by whoever sees the meeting.
    ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes"): MEMBERS,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/entries"): COORDINATOR_OR_SECRETARY,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/agreements"): table({"ana": 201, "sara": 201}),
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/circulate"): RUNS_DRAFTS,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/comments"): table(dict.fromkeys(MEMBERS_A, 201)),
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/approve"): COORDINATOR_OR_SECRETARY,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/seal"): COORDINATOR_OR_SECRETARY,
    ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/corrections"): table({"ana": 201, "sara": 201}),
}

for _module in capability_modules():
    assert not set(_module.MATRIX) & set(MATRIX), f"{_module.__name__} repeats an operation"
    MATRIX.update(_module.MATRIX)


def test_every_operation_is_in_the_matrix(personas: Personas) -> None:
    operations = set(api_operations())
    assert operations == set(MATRIX)
    assert operations == set(operation_calls(personas))


@pytest.mark.parametrize("persona", ["ana", "eva", "beto", "olga", "sara", "carla", "nora"])
@pytest.mark.parametrize("auth", ["token", "session"])
def test_matrix(client, personas: Personas, persona: str, auth: str) -> None:
    user = personas.all()[persona]
    assert user is not None
    headers = {}
    if auth == "token":
        headers = {"Authorization": f"Bearer {token_for(user)}"}
    else:
        client.force_login(user)
    calls = operation_calls(personas)
    got = {}
    for operation in MATRIX:
        path, body = calls[operation]
        response = call(client, operation[0], path, body, **headers)
        got[operation] = response.status_code
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", operation
    assert got == {op: expected[persona] for op, expected in MATRIX.items()}


@pytest.mark.parametrize("operation", api_operations())
def test_anonymous_gets_401_problem(client, personas: Personas, operation: tuple[str, str]) -> None:
    path, body = operation_calls(personas)[operation]
    response = call(client, operation[0], path, body)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


@pytest.mark.parametrize("operation", [op for op in api_operations() if "{slug}" in op[1]])
def test_outsider_gets_404_like_a_missing_mesa(client, personas: Personas, operation: tuple[str, str]) -> None:
    """Carla (Mesa B) cannot tell Mesa A from a Mesa that does not exist."""
    headers = {"Authorization": f"Bearer {token_for(personas.carla)}"}
    path, body = operation_calls(personas)[operation]
    outsider = call(client, operation[0], path, body, **headers)
    missing = call(client, operation[0], path.replace("/mesa-a", "/no-such-mesa"), body, **headers)
    assert outsider.status_code == missing.status_code == 404
    assert outsider.json() | {"instance": None} == missing.json() | {"instance": None}
