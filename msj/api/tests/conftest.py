"""Helpers for the API tests: tokens for the personas and a way to call each operation."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from msj.accounts.models import User
from msj.agreements.testing import make_agreements
from msj.api import services
from msj.members.models import Membership
from msj.members.testing import Personas

API = "/api/v1"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def token_for(user: User, name: str = "script") -> str:
    """Issue a token for `user` and return its secret."""
    return services.create_token(user=user, name=name)[1]


def call(client: Client, method: str, path: str, body: Any = None, **headers: str) -> Any:
    """Call the API with a JSON body, as a script would."""
    data = None if body is None else json.dumps(body)
    return client.generic(method, path, data=data or "", content_type="application/json", headers=headers)


def beto_membership(p: Personas) -> Membership:
    return Membership.objects.get(mesa=p.mesa_a, user=p.beto)


# One concrete call per operation of the API, against Mesa A; bodies are valid, so that the
# answer depends only on who is asking. Keys are the operations' (method, path template).
def operation_calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    beto = beto_membership(p)
    agreements = make_agreements(p)
    m = f"{API}/mesas/{p.mesa_a.slug}"
    return {
        ("GET", f"{API}/me"): (f"{API}/me", None),
        ("GET", f"{API}/mesas"): (f"{API}/mesas", None),
        ("GET", f"{API}/mesas/{{slug}}"): (m, None),
        ("GET", f"{API}/mesas/{{slug}}/rules"): (f"{m}/rules", None),
        ("PATCH", f"{API}/mesas/{{slug}}/rules"): (f"{m}/rules", {"plenary_notice_days": 4}),
        ("GET", f"{API}/mesas/{{slug}}/members"): (f"{m}/members", None),
        ("GET", f"{API}/mesas/{{slug}}/members/{{public_id}}"): (f"{m}/members/{beto.public_id}", None),
        ("POST", f"{API}/mesas/{{slug}}/members/{{public_id}}/status"): (
            f"{m}/members/{beto.public_id}/status",
            {"status": "active", "on": "2025-02-01"},
        ),
        ("GET", f"{API}/mesas/{{slug}}/seats"): (f"{m}/seats", None),
        ("GET", f"{API}/mesas/{{slug}}/offices"): (f"{m}/offices", None),
        ("GET", f"{API}/mesas/{{slug}}/audit"): (f"{m}/audit", None),
        # Agreements (msj/agreements/testing.py): "citizens" is citizens-only with Olga's seat responsible.
        ("GET", f"{API}/mesas/{{slug}}/agreements"): (f"{m}/agreements?status=open", None),
        ("POST", f"{API}/mesas/{{slug}}/agreements"): (f"{m}/agreements", {"text": "Acuerdo por la API"}),
        ("GET", f"{API}/mesas/{{slug}}/agreements/{{public_id}}"): (
            f"{m}/agreements/{agreements.citizens.public_id}",
            None,
        ),
        ("PATCH", f"{API}/mesas/{{slug}}/agreements/{{public_id}}"): (
            f"{m}/agreements/{agreements.citizens.public_id}",
            {"priority": "high"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/agreements/{{public_id}}/follow-ups"): (
            f"{m}/agreements/{agreements.mesa.public_id}/follow-ups",
            {"on": p.mesa_a.today().isoformat(), "note": "Avance reportado por la API", "progress": 20},
        ),
    }


@pytest.fixture
def tokens(personas: Personas) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a persona by name, each with a fresh token."""
    users = personas.all()

    def headers(name: str) -> dict[str, str]:
        user = users[name]
        assert user is not None
        return bearer(token_for(user))

    return headers
