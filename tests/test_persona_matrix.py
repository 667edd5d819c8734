"""Every URL of msj, walked by every persona, answers exactly as the permission matrix says.

The list of URLs comes from the URL resolver itself, so a new URL without an entry in
MATRIX fails `test_every_url_is_in_the_matrix`: nothing can be added without deciding
who may reach it. Personas are described in msj/members/testing.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from msj.audit.models import AuditEvent
from msj.members.models import Membership
from msj.members.testing import Personas

PERSONAS = ["anonymous", "ana", "eva", "beto", "olga", "sara", "carla", "nora"]

# Shorthands for the common shapes of the matrix.
LOGIN = 302  # anonymous callers are sent to the sign-in page
EVERYONE_SIGNED_IN = {"anonymous": LOGIN, **{p: 200 for p in PERSONAS[1:]}}
MESA_A_FRAME = {
    "anonymous": LOGIN,
    **dict.fromkeys(["ana", "eva", "beto", "olga", "sara"], 200),
    "carla": 404,
    "nora": 200,
}
MESA_A_MEMBERS = {**MESA_A_FRAME, "nora": 404}


def only(allowed: dict[str, int], others: int = 403) -> dict[str, int]:
    """Members of Mesa A not listed get `others`; the outsider and network staff get 404."""
    table = {"anonymous": LOGIN, "carla": 404, "nora": 404}
    for p in ["ana", "eva", "beto", "olga", "sara"]:
        table[p] = allowed.get(p, others)
    return table


def not_allowed(table: dict[str, int]) -> dict[str, int]:
    """A POST-only URL fetched with GET: 405 for whoever gets past the Mesa's door."""
    return {p: (405 if code in {200, 302, 403} and p != "anonymous" else code) for p, code in table.items()}


@dataclass
class Entry:
    kwargs: Callable[[Personas], dict[str, Any]]
    expect: dict[str, dict[str, int]]  # method → persona → status
    data: Callable[[Personas], dict[str, Any]] | None = None  # POST payload (invalid on purpose)


def mesa_a(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug}


def beto_membership(p: Personas) -> dict[str, Any]:
    membership = Membership.objects.get(mesa=p.mesa_a, user=p.beto)
    return {"mesa_slug": p.mesa_a.slug, "public_id": membership.public_id}


def olga_seat(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": p.olga_seat.public_id}


def none(p: Personas) -> dict[str, Any]:
    return {}


MATRIX: dict[str, Entry] = {
    "core:home": Entry(none, {"GET": EVERYONE_SIGNED_IN}),
    "core:healthz": Entry(none, {"GET": dict.fromkeys(PERSONAS, 200)}),
    "accounts:profile": Entry(none, {"GET": EVERYONE_SIGNED_IN}),
    # Personal access tokens are the person's own; a token of someone else is 404 (msj/api/tests).
    "api_tokens:list": Entry(
        none, {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN}, data=lambda p: {"name": ""}
    ),
    "api_tokens:revoke": Entry(
        lambda p: {"public_id": uuid.UUID(int=1)},
        {
            "GET": {"anonymous": LOGIN, **dict.fromkeys(PERSONAS[1:], 405)},
            "POST": {"anonymous": LOGIN, **dict.fromkeys(PERSONAS[1:], 404)},
        },
    ),
    "set_language": Entry(none, {"GET": dict.fromkeys(PERSONAS, 302)}),
    "mesas:dashboard": Entry(mesa_a, {"GET": MESA_A_FRAME}),
    "mesas:rules": Entry(
        mesa_a,
        {"GET": MESA_A_MEMBERS, "POST": only({"ana": 200, "sara": 200})},
        data=lambda p: {"admission_quorum_pct": "101"},  # invalid: re-rendered with errors
    ),
    "members:directory": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    "members:detail": Entry(beto_membership, {"GET": MESA_A_MEMBERS}),
    "members:change_status": Entry(
        beto_membership,
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({"ana": 302, "sara": 302})},
        data=lambda p: {"status": "removed", "on": "not-a-date"},  # invalid: nothing changes
    ),
    "members:export_directory": Entry(mesa_a, {"GET": only({"ana": 200, "sara": 200})}),
    "members:seats": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    "members:create_seat": Entry(
        mesa_a,
        {"GET": only({"sara": 200}), "POST": only({"sara": 200})},
        data=lambda p: {"post": "", "label": ""},
    ),
    "members:hand_over": Entry(
        olga_seat,
        {"GET": only({"sara": 200}), "POST": only({"sara": 200})},
        data=lambda p: {"email": "not-an-email", "full_name": "", "on": ""},
    ),
    "members:offices": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    # Development mail exists only with DEBUG on, for platform staff; tests run with DEBUG off.
    "notifications:dev_mail": Entry(none, {"GET": dict.fromkeys(PERSONAS, 404)}),
    "notifications:dev_outbox": Entry(none, {"GET": dict.fromkeys(PERSONAS, 404)}),
    "notifications:dev_mail_message": Entry(lambda p: {"name": "x.log"}, {"GET": dict.fromkeys(PERSONAS, 404)}),
    "audit:trail": Entry(mesa_a, {"GET": only({"ana": 200, "eva": 200, "sara": 200})}),
}

# Third-party pages that belong to no Mesa and carry no Mesa data: allauth's sign-in,
# sign-out, password and MFA flows. They are tested by msj/accounts/tests.
THIRD_PARTY_PREFIXES = ("account_", "mfa_", "usersessions_", "openid_connect_")
# Ninja's API routes are walked by the API part of the matrix (msj/api).
API_NAMESPACES = ("api",)


def iter_url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from iter_url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix() -> None:
    names = set(iter_url_names())
    missing = sorted(
        n
        for n in names
        if n not in MATRIX
        and not n.startswith(THIRD_PARTY_PREFIXES)
        and n.split(":")[0] not in API_NAMESPACES
        and n not in EXTRA_ENTRIES
    )
    assert not missing, f"URLs with no entry in the persona matrix: {missing}"


# Entries registered by other capabilities' tests (see register()).
EXTRA_ENTRIES: dict[str, Entry] = {}


def all_entries() -> dict[str, Entry]:
    return {**MATRIX, **EXTRA_ENTRIES}


def cases() -> Iterator[Any]:
    for name, entry in sorted(all_entries().items()):
        for method, table in entry.expect.items():
            assert set(table) == set(PERSONAS), f"{name} {method} must list every persona"
            for persona in PERSONAS:
                yield pytest.param(name, method, persona, id=f"{name}-{method}-{persona}")


def table_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model, to prove a request changed nothing."""
    data = {}
    for model in apps.get_models():
        if model._meta.label_lower in {"sessions.session"}:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)]
        rows = model.objects.order_by("pk")
        if model is AuditEvent:
            # Reading or exporting a confidential record is logged: that is the one write a GET makes.
            rows = rows.exclude(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT])
        data[model._meta.label_lower] = list(rows.values_list(*fields))
    return data


@pytest.mark.parametrize(("name", "method", "persona"), list(cases()))
def test_persona_matrix(client: Any, personas: Personas, name: str, method: str, persona: str) -> None:
    entry = all_entries()[name]
    user = personas.all()[persona]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=entry.kwargs(personas))
    before = table_rows()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, entry.data(personas) if entry.data else {})
    expected = entry.expect[method][persona]
    assert response.status_code == expected, f"{persona} {method} {url}: {response.status_code} != {expected}"
    if response.status_code == LOGIN and persona == "anonymous" and expected == LOGIN and name != "set_language":
        assert "/accounts/login/" in response["Location"]
    # A GET never changes data; the POSTs of the matrix are invalid on purpose and change nothing.
    assert table_rows() == before, f"{persona} {method} {url} changed data"


def test_member_of_one_mesa_gets_404_everywhere_in_another(client: Any, personas: Personas) -> None:
    """Carla (Mesa B) and Beto (Mesa A) swap Mesas: every Mesa URL answers 404, GET and POST."""
    for name, entry in all_entries().items():
        kwargs = entry.kwargs(personas)
        if "mesa_slug" not in kwargs:
            continue
        for user, other in ((personas.carla, personas.mesa_a), (personas.beto, personas.mesa_b)):
            client.force_login(user)
            url = reverse(name, kwargs={**kwargs, "mesa_slug": other.slug})
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {}).status_code == 404, (user, url)
