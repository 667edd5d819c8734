"""Every URL of msj, walked by every persona, answers exactly as the permission matrix says.

The list of URLs comes from the URL resolver itself, so a new URL without an entry in
MATRIX fails `test_every_url_is_in_the_matrix`: nothing can be added without deciding
who may reach it. Personas are described in msj/members/testing.py.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from msj.agreements.testing import make_agreements, make_evidence
from msj.audit.models import AuditEvent
from msj.committees.testing import committee_fixtures
from msj.meetings.rules import checkin_code
from msj.meetings.testing import make_meetings
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.testing import matrix_meetings
from msj.topics.testing import topic_fixture
from tests.matrix_base import (
    EVERYONE_SIGNED_IN,
    LOGIN,
    MESA_A_FRAME,
    MESA_A_MEMBERS,
    PERSONAS,
    Entry,
    mesa_a,
    not_allowed,
    only,
)


def beto_membership(p: Personas) -> dict[str, Any]:
    membership = Membership.objects.get(mesa=p.mesa_a, user=p.beto)
    return {"mesa_slug": p.mesa_a.slug, "public_id": membership.public_id}


def olga_seat(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": p.olga_seat.public_id}


def none(p: Personas) -> dict[str, Any]:
    return {}


def committee(name: str) -> Callable[[Personas], dict[str, Any]]:
    """A committee of Mesa A from msj/committees/testing.py: "prevention", "executive", "dissolved"."""

    def kwargs(p: Personas) -> dict[str, Any]:
        return {"mesa_slug": p.mesa_a.slug, "public_id": getattr(committee_fixtures(p), name).public_id}

    return kwargs


def beto_committee_seat(p: Personas) -> dict[str, Any]:
    """Beto's seat as coordinator of the Prevention committee: approving or declining it is refused."""
    fixtures = committee_fixtures(p)
    return {
        "mesa_slug": p.mesa_a.slug,
        "public_id": fixtures.prevention.public_id,
        "member_id": fixtures.beto_seat.public_id,
    }


def topic(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": topic_fixture(p).public_id}


# Who records committee decisions and edits the security agenda: the coordinator, the Executive
# Committee and the technical secretary (DOMAIN.md §4.5); officials never.
DECIDERS = {"ana": 200, "eva": 200, "sara": 200}
# Beto coordinates the Prevention committee and Eva is its alternate.
PREVENTION_OFFICERS = {"beto": 302, "eva": 302}
ALL_MEMBERS_REDIRECTED = only(dict.fromkeys(["ana", "eva", "beto", "olga", "sara"], 302))


def meeting(which: str, item: bool = False) -> Callable[[Personas], dict[str, Any]]:
    """A convened meeting of Mesa A from msj/meetings/testing.py: "plenary", "citizens", "executive".

    With `item`, also the first item of its agenda.
    """

    def kwargs(p: Personas) -> dict[str, Any]:
        m = getattr(make_meetings(p), which)
        result = {"mesa_slug": p.mesa_a.slug, "public_id": m.public_id}
        if item:
            result["item_id"] = m.agenda.order_by("position").first().public_id
        return result

    return kwargs


def check_in_code(p: Personas) -> dict[str, Any]:
    m = make_meetings(p).citizens
    return {"mesa_slug": p.mesa_a.slug, "public_id": m.public_id, "code": checkin_code(m)}


# Meetings (msj/meetings): the coordinator and the technical secretary run them. Who sees one
# follows its body: officials get 404 on a citizens' meeting, officials and Beto on an Executive
# Committee meeting. Every POST below is refused with a message and changes nothing.
RUNNERS = {"ana": 200, "sara": 200}
RUNNERS_REDIRECTED = {"ana": 302, "sara": 302}
CITIZENS_MEETING = {"ana": 200, "eva": 200, "beto": 200, "sara": 200}


def agreement(which: str) -> Callable[[Personas], dict[str, Any]]:
    """An agreement of Mesa A from msj/agreements/testing.py: "mesa", "citizens", "executive"."""

    def kwargs(p: Personas) -> dict[str, Any]:
        return {"mesa_slug": p.mesa_a.slug, "public_id": getattr(make_agreements(p), which).public_id}

    return kwargs


def agreements_committee(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": make_agreements(p).committee.public_id}


def evidence_file(p: Personas) -> dict[str, Any]:
    item = make_evidence(p)
    return {"mesa_slug": p.mesa_a.slug, "public_id": make_agreements(p).mesa.public_id, "evidence_id": item.public_id}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Evidence files written by the fixtures go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path


# Agreements (msj/agreements): the secretary and the coordinator keep the matrix; the Executive
# Committee may export it too. "citizens" is citizens-only with Olga's seat responsible: 404 for her.
AGREEMENT_KEEPERS = {"ana": 200, "sara": 200}


def minutes_of(which: str) -> Callable[[Personas], dict[str, Any]]:
    """Circulated minutes of a held meeting of Mesa A (msj/minutes/testing.py): "plenary" or "citizens"."""

    def kwargs(p: Personas) -> dict[str, Any]:
        return {"mesa_slug": p.mesa_a.slug, "meeting_id": getattr(matrix_meetings(p), which).public_id}

    return kwargs


# Minutes (msj/minutes): whoever sees the meeting reads them once circulated; officials get 404
# on a citizens' meeting's. Only the secretary and the coordinator write, circulate, approve,
# seal and correct; every POST below is refused (invalid, or the wrong state) and changes nothing.
MINUTES_READERS_BUT_OLGA = {**MESA_A_MEMBERS, "olga": 404}
MINUTES_WRITERS_REDIRECTED = only({"ana": 302, "sara": 302})
MINUTES_COMMENTERS_REDIRECTED = only(dict.fromkeys(["ana", "eva", "beto", "olga", "sara"], 302))


MATRIX: dict[str, Entry] = {
    "home:home": Entry(none, {"GET": EVERYONE_SIGNED_IN}),
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
    "minutes:detail": Entry(minutes_of("citizens"), {"GET": MINUTES_READERS_BUT_OLGA}),
    "minutes:export_pdf": Entry(minutes_of("plenary"), {"GET": MESA_A_MEMBERS}),
    "minutes:export_docx": Entry(minutes_of("citizens"), {"GET": MINUTES_READERS_BUT_OLGA}),
    "minutes:save_entry": Entry(
        minutes_of("plenary"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": MINUTES_WRITERS_REDIRECTED},
        data=lambda p: {"item": "", "summary": "Fuera del orden del día."},
    ),
    "minutes:record_agreement": Entry(
        minutes_of("plenary"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({"ana": 200, "sara": 200})},
        data=lambda p: {"item": "", "text": "", "due_on": "not-a-date"},
    ),
    "minutes:circulate": Entry(  # already circulated
        minutes_of("plenary"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": MINUTES_WRITERS_REDIRECTED}
    ),
    "minutes:add_comment": Entry(
        minutes_of("plenary"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": MINUTES_COMMENTERS_REDIRECTED},
        data=lambda p: {"item": "", "text": ""},
    ),
    "minutes:approve": Entry(
        minutes_of("plenary"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": MINUTES_WRITERS_REDIRECTED},
        data=lambda p: {"meeting": ""},
    ),
    "minutes:seal": Entry(  # not approved yet
        minutes_of("plenary"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": MINUTES_WRITERS_REDIRECTED}
    ),
    "minutes:record_correction": Entry(  # not sealed
        minutes_of("plenary"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": MINUTES_WRITERS_REDIRECTED},
        data=lambda p: {"item": "", "text": "", "reason": ""},
    ),
    "agreements:matrix": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    "agreements:committee": Entry(agreements_committee, {"GET": MESA_A_MEMBERS}),
    "agreements:seat": Entry(olga_seat, {"GET": MESA_A_MEMBERS}),
    "agreements:person": Entry(beto_membership, {"GET": MESA_A_MEMBERS}),
    "agreements:export_csv": Entry(mesa_a, {"GET": only({"ana": 200, "eva": 200, "sara": 200})}),
    "agreements:export_xlsx": Entry(mesa_a, {"GET": only({"ana": 200, "eva": 200, "sara": 200})}),
    "agreements:create": Entry(
        mesa_a, {"GET": only(AGREEMENT_KEEPERS), "POST": only(AGREEMENT_KEEPERS)}, data=lambda p: {"text": ""}
    ),
    "agreements:detail": Entry(
        agreement("citizens"), {"GET": only({"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404)}
    ),
    "agreements:edit": Entry(
        agreement("citizens"),
        {"GET": {**only(AGREEMENT_KEEPERS), "olga": 404}, "POST": {**only(AGREEMENT_KEEPERS), "olga": 404}},
        data=lambda p: {"text": ""},
    ),
    # Eva coordinates the responsible committee and Olga's seat is responsible: both may report.
    "agreements:follow_up": Entry(
        agreement("mesa"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({**AGREEMENT_KEEPERS, "eva": 200, "olga": 200})},
        data=lambda p: {"note": ""},
    ),
    "agreements:evidence": Entry(evidence_file, {"GET": MESA_A_MEMBERS}),
    # The compliance dashboard (msj/compliance): coordinator, Executive Committee, secretary.
    "compliance:dashboard": Entry(mesa_a, {"GET": only({"ana": 200, "eva": 200, "sara": 200})}),
    "compliance:fulfilment_csv": Entry(mesa_a, {"GET": only({"ana": 200, "eva": 200, "sara": 200})}),
    # Committees (msj/committees): every member sees them; decisions by DECIDERS.
    "committees:list": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    "committees:create": Entry(
        mesa_a, {"GET": only(DECIDERS), "POST": only(DECIDERS)}, data=lambda p: {"name": "", "alternate": ""}
    ),
    "committees:create_axis": Entry(
        mesa_a, {"GET": only(DECIDERS), "POST": only(DECIDERS)}, data=lambda p: {"number": "", "name": ""}
    ),
    "committees:without_committee": Entry(mesa_a, {"GET": only(DECIDERS)}),
    # Officials get 404 on the Executive Committee (msj/committees/tests); a thematic one is open to all.
    "committees:detail": Entry(committee("prevention"), {"GET": MESA_A_MEMBERS}),
    "committees:dissolve": Entry(
        committee("prevention"),
        {"GET": only(DECIDERS), "POST": only(DECIDERS)},
        data=lambda p: {"decided_on": "", "minutes_reference": ""},
    ),
    # Joining a dissolved committee is refused with a message: nothing changes.
    "committees:join": Entry(
        committee("dissolved"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": ALL_MEMBERS_REDIRECTED}
    ),
    # Non-members are told they are not on it; the coordinator and the alternate cannot leave.
    "committees:leave": Entry(
        committee("prevention"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": ALL_MEMBERS_REDIRECTED}
    ),
    # Beto and Eva have signed already: signing again changes nothing.
    "committees:sign": Entry(
        committee("prevention"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(PREVENTION_OFFICERS)}
    ),
    "committees:manual": Entry(
        committee("prevention"),
        {"GET": only({**DECIDERS, "beto": 200}), "POST": only({**DECIDERS, "beto": 200})},
        data=lambda p: {"text": "", "adopted_on": ""},
    ),
    "committees:add_person": Entry(
        committee("prevention"),
        {"GET": only({"beto": 200, "eva": 200, "sara": 200}), "POST": only({"beto": 200, "eva": 200, "sara": 200})},
        data=lambda p: {"email": "not-an-email", "full_name": "", "kind": "guest"},
    ),
    # Beto's own seat is no pending request: approving or declining it is refused.
    "committees:approve": Entry(
        beto_committee_seat, {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(PREVENTION_OFFICERS)}
    ),
    "committees:decline": Entry(
        beto_committee_seat, {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(PREVENTION_OFFICERS)}
    ),
    # Security agenda (msj/topics): every member reads it, officials included.
    "topics:agenda": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    "topics:create": Entry(mesa_a, {"GET": only(DECIDERS), "POST": only(DECIDERS)}, data=lambda p: {"title": ""}),
    "topics:detail": Entry(topic, {"GET": MESA_A_MEMBERS}),
    "topics:edit": Entry(topic, {"GET": only(DECIDERS), "POST": only(DECIDERS)}, data=lambda p: {"title": ""}),
    # Beto and Eva serve on the Prevention committee, linked to the topic: they write its diagnosis.
    "topics:new_diagnosis": Entry(
        topic, {"GET": only({**DECIDERS, "beto": 200}), "POST": only({**DECIDERS, "beto": 200})}, data=lambda p: {}
    ),
    "topics:compare_diagnosis": Entry(topic, {"GET": MESA_A_MEMBERS}),
    # Meetings (msj/meetings); see RUNNERS above.
    "meetings:list": Entry(mesa_a, {"GET": MESA_A_MEMBERS}),
    "meetings:create": Entry(
        mesa_a, {"GET": only(RUNNERS), "POST": only(RUNNERS)}, data=lambda p: {"kind": "plenary", "title": ""}
    ),
    "meetings:attendance_report": Entry(mesa_a, {"GET": only(RUNNERS)}),
    "meetings:detail": Entry(meeting("citizens"), {"GET": only(CITIZENS_MEETING, others=404)}),
    "meetings:edit": Entry(
        meeting("plenary"), {"GET": only(RUNNERS), "POST": only(RUNNERS)}, data=lambda p: {"title": ""}
    ),
    # Already convened: convening again is refused.
    "meetings:convene": Entry(
        meeting("executive"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({**RUNNERS_REDIRECTED, "eva": 403}, others=404)},
    ),
    # Not confirmed: nothing is cancelled.
    "meetings:cancel": Entry(
        meeting("citizens"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({**RUNNERS_REDIRECTED, "eva": 403, "beto": 403}, 404)},
    ),
    "meetings:invite": Entry(
        meeting("plenary"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(RUNNERS_REDIRECTED)}
    ),
    "meetings:agenda_add": Entry(
        meeting("plenary"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(RUNNERS_REDIRECTED)},
        data=lambda p: {"title": ""},
    ),
    "meetings:agenda_move": Entry(
        meeting("citizens", item=True),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({**RUNNERS_REDIRECTED, "eva": 403, "beto": 403}, 404)},
        data=lambda p: {"direction": "sideways"},
    ),
    "meetings:agenda_presenter": Entry(
        meeting("executive", item=True),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only({**RUNNERS_REDIRECTED, "eva": 403}, others=404)},
        data=lambda p: {"presenter": "not-a-member"},
    ),
    # Every invitee may reply; an answer that is no answer changes nothing.
    "meetings:reply": Entry(
        meeting("citizens"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(dict.fromkeys(CITIZENS_MEETING, 302), others=404)},
        data=lambda p: {"reply": "maybe"},
    ),
    # Ten days ahead: attendance cannot be taken yet.
    "meetings:attendance": Entry(
        meeting("plenary"), {"GET": not_allowed(MESA_A_MEMBERS), "POST": only(RUNNERS_REDIRECTED)}
    ),
    "meetings:qr": Entry(meeting("plenary"), {"GET": only(RUNNERS)}),
    # Ten days ahead: the page says check-in is closed, and a POST is refused.
    "meetings:check_in": Entry(
        check_in_code,
        {"GET": only(CITIZENS_MEETING, others=404), "POST": only(dict.fromkeys(CITIZENS_MEETING, 302), others=404)},
    ),
    # The person's own calendar address; the POST without confirmation creates nothing.
    "calendar:settings": Entry(none, {"GET": EVERYONE_SIGNED_IN, "POST": dict.fromkeys(PERSONAS, 302)}),
    "calendar:revoke": Entry(
        none,
        {"GET": {"anonymous": LOGIN, **dict.fromkeys(PERSONAS[1:], 405)}, "POST": dict.fromkeys(PERSONAS, 302)},
    ),
    # The feed needs no sign-in: its secret is the key, and an unknown one is 404 for anyone.
    "calendar:feed": Entry(lambda p: {"secret": "unknown-secret"}, {"GET": dict.fromkeys(PERSONAS, 404)}),
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


def _capability_entries() -> dict[str, Entry]:
    """The entries kept by each capability in tests/matrix_<capability>.py (see tests/matrix_base.py)."""
    entries: dict[str, Entry] = {}
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if module.name.startswith("matrix_") and module.name != "matrix_base":
            own = importlib.import_module(f"tests.{module.name}").ENTRIES
            assert not set(own) & (set(MATRIX) | set(entries)), f"{module.name} repeats an entry"
            entries.update(own)
    return entries


EXTRA_ENTRIES: dict[str, Entry] = _capability_entries()


def all_entries() -> dict[str, Entry]:
    return {**MATRIX, **EXTRA_ENTRIES}


def cases() -> Iterator[Any]:
    for name, entry in sorted(all_entries().items()):
        for method, table in entry.expect.items():
            assert set(table) == set(PERSONAS), f"{name} {method} must list every persona"
            for persona in PERSONAS:
                yield pytest.param(name, method, persona, id=f"{name}-{method}-{persona}")


# Sessions change with every sign-in; the others are reference data that migrations load and no
# page or API operation writes (INEGI's municipalities, the SESNSP catalogue, Django's permissions
# and content types). Reading them twice per case was most of the matrix's time (3,000 rows).
UNCHANGED_BY_REQUESTS = {
    "sessions.session",
    "indicators.municipality",
    "indicators.crimecategory",
    "auth.permission",
    "contenttypes.contenttype",
}


@functools.cache
def _snapshot_queries() -> list[tuple[str, str, tuple[Any, ...]]]:
    """Each model's rows as one SQL statement, compiled once: compiling per case cost more than running."""
    queries = []
    for model in apps.get_models():
        if model._meta.label_lower in UNCHANGED_BY_REQUESTS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)]
        rows = model.objects.order_by("pk")
        if model is AuditEvent:
            # Reading or exporting a confidential record is logged: that is the one write a GET makes.
            rows = rows.exclude(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT])
        sql, params = rows.values_list(*fields).query.sql_with_params()
        queries.append((model._meta.label_lower, sql, tuple(params)))
    return queries


def table_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model, to prove a request changed nothing."""
    data = {}
    with connection.cursor() as cursor:
        for label, sql, params in _snapshot_queries():
            cursor.execute(sql, params)
            data[label] = cursor.fetchall()
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
        if "mesa_slug" not in kwargs or name.startswith("public:"):  # the public face is everyone's
            continue
        for user, other in ((personas.carla, personas.mesa_a), (personas.beto, personas.mesa_b)):
            client.force_login(user)
            url = reverse(name, kwargs={**kwargs, "mesa_slug": other.slug})
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {}).status_code == 404, (user, url)
