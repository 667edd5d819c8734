"""Every API operation, called by every persona, answers as the policies say, and as the web does.

The operations come from the OpenAPI schema (msj.api.testing.api_operations), so a new
operation without a row here fails `test_every_operation_is_in_the_matrix`.
"""

from __future__ import annotations

import pytest

from msj.api.testing import api_operations
from msj.members.testing import Personas

from .conftest import API, call, operation_calls, token_for

MEMBERS_A = ["ana", "eva", "beto", "olga", "sara"]


def table(allowed: dict[str, int], *, others: int = 403, nora: int = 404) -> dict[str, int]:
    """Members of Mesa A not listed get `others`; Carla (Mesa B) always gets 404."""
    return {**{p: allowed.get(p, others) for p in MEMBERS_A}, "nora": nora, "carla": 404}


EVERYONE = table(dict.fromkeys(MEMBERS_A, 200), nora=200) | {"carla": 200}
FRAME = table(dict.fromkeys(MEMBERS_A, 200), nora=200)
MEMBERS = table(dict.fromkeys(MEMBERS_A, 200))
COORDINATOR_OR_SECRETARY = table({"ana": 200, "sara": 200})
EXECUTIVE_OR_SECRETARY = table({"ana": 200, "eva": 200, "sara": 200})

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", f"{API}/me"): EVERYONE,
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
}


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
