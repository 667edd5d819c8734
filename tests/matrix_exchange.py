"""The persona matrix of learning across Mesas (msj/exchange).

Every member of Mesa A reads the network's directory and library, and its own twinnings and
visits. Ana (coordinator) and Sara (technical secretary) speak for the Mesa: its card, visits,
publishing practices; the Executive Committee (Ana, Eva) and Sara write practices. A twinning's
shared documents are read by Ana and Sara (nobody of A serves on its Indicators committee);
Beto and Eva coordinate the Prevention committee, so they answer the request to twin it (Sara
does not: the coordinator or the committee answers). Carla (Mesa B) and Nora (network staff)
get 404 on every Mesa page; Nora reads the network's pages. Every POST is refused and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msj.exchange.testing import exchange_fixtures
from msj.members.testing import Personas
from tests.matrix_base import Entry, mesa_a, not_allowed, only
from tests.matrix_network import NETWORK_STAFF_ONLY, network

MEMBERS = only(dict.fromkeys(["ana", "eva", "beto", "olga", "sara"], 200))
RUNNERS = only({"ana": 200, "sara": 200})
RUNNERS_REDIRECTED = only({"ana": 302, "sara": 302})
WRITERS = only({"ana": 200, "eva": 200, "sara": 200})
TWINNERS = only({"ana": 200, "eva": 200, "beto": 200, "sara": 200})


def of(which: str, **extra: str) -> Callable[[Personas], dict[str, Any]]:
    """Mesa A's kwargs for one object of msj/exchange/testing.py (and, with `extra`, one of its files)."""

    def kwargs(p: Personas) -> dict[str, Any]:
        fixtures = exchange_fixtures(p)
        result = {"mesa_slug": p.mesa_a.slug, "public_id": getattr(fixtures, which).public_id}
        for key, attribute in extra.items():
            result[key] = getattr(fixtures, attribute).public_id
        return result

    return kwargs


def with_fixtures(p: Personas) -> dict[str, Any]:
    exchange_fixtures(p)
    return mesa_a(p)


def attachment(p: Personas, *, mesa_side: bool = True) -> dict[str, Any]:
    fixtures = exchange_fixtures(p)
    place = mesa_a(p) if mesa_side else network(p)
    return {**place, "public_id": fixtures.practice.public_id, "file_id": fixtures.practice.attachments.get().public_id}


def network_practice(p: Personas) -> dict[str, Any]:
    return {**network(p), "public_id": exchange_fixtures(p).practice.public_id}


ENTRIES: dict[str, Entry] = {
    "exchange:directory": Entry(with_fixtures, {"GET": MEMBERS}),
    "exchange:card_edit": Entry(mesa_a, {"GET": RUNNERS, "POST": RUNNERS}, data=lambda p: {"city": ""}),
    "exchange:library": Entry(with_fixtures, {"GET": MEMBERS}),
    "exchange:twinnings": Entry(with_fixtures, {"GET": MEMBERS}),
    "exchange:twinning_request": Entry(
        with_fixtures, {"GET": TWINNERS, "POST": TWINNERS}, data=lambda p: {"message": ""}
    ),
    "exchange:twinning": Entry(of("twinning"), {"GET": MEMBERS}),
    # B asked to twin with A's Prevention committee: Ana, or Beto and Eva who run that committee, answer.
    "exchange:twinning_decide": Entry(
        of("pending_twinning"),
        {"GET": not_allowed(MEMBERS), "POST": only({"ana": 302, "eva": 302, "beto": 302})},
        data=lambda p: {"decision": "maybe"},
    ),
    "exchange:twinning_end": Entry(
        of("twinning"), {"GET": not_allowed(MEMBERS), "POST": RUNNERS_REDIRECTED}, data=lambda p: {"reason": ""}
    ),
    "exchange:twinning_share": Entry(
        of("twinning"), {"GET": not_allowed(MEMBERS), "POST": RUNNERS_REDIRECTED}, data=lambda p: {"title": ""}
    ),
    "exchange:twinning_document": Entry(of("twinning", document_id="document"), {"GET": RUNNERS}),
    "exchange:visits": Entry(with_fixtures, {"GET": MEMBERS}),
    "exchange:visit_request": Entry(with_fixtures, {"GET": RUNNERS, "POST": RUNNERS}, data=lambda p: {"purpose": ""}),
    "exchange:visit": Entry(of("visit"), {"GET": MEMBERS}),
    "exchange:visit_decide": Entry(
        of("pending_visit"),
        {"GET": not_allowed(MEMBERS), "POST": RUNNERS_REDIRECTED},
        data=lambda p: {"decision": "maybe"},
    ),
    # The plenary is ahead: recording the visit is refused with a message.
    "exchange:visit_record": Entry(
        of("visit"), {"GET": not_allowed(MEMBERS), "POST": RUNNERS_REDIRECTED}, data=lambda p: {"attendees": "Ana"}
    ),
    "exchange:practices": Entry(with_fixtures, {"GET": MEMBERS}),
    "exchange:practice_create": Entry(mesa_a, {"GET": WRITERS, "POST": WRITERS}, data=lambda p: {"title": ""}),
    "exchange:practice": Entry(of("practice"), {"GET": MEMBERS}),
    # A draft is read only by those who write practices: the others do not learn it exists.
    "exchange:practice_edit": Entry(
        of("draft"),
        {
            "GET": only({"ana": 200, "eva": 200, "sara": 200}, others=404),
            "POST": only({"ana": 200, "eva": 200, "sara": 200}, others=404),
        },
        data=lambda p: {"title": ""},
    ),
    # Published already: publishing again is refused with a message.
    "exchange:practice_publish": Entry(of("practice"), {"GET": not_allowed(MEMBERS), "POST": RUNNERS_REDIRECTED}),
    "exchange:practice_withdraw": Entry(
        of("practice"), {"GET": not_allowed(MEMBERS), "POST": RUNNERS_REDIRECTED}, data=lambda p: {"reason": ""}
    ),
    "exchange:practice_attachment": Entry(attachment, {"GET": MEMBERS}),
    "exchange_network:directory": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
    "exchange_network:visits": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
    "exchange_network:library": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
    "exchange_network:practice": Entry(network_practice, {"GET": NETWORK_STAFF_ONLY}),
    "exchange_network:practice_attachment": Entry(
        lambda p: attachment(p, mesa_side=False), {"GET": NETWORK_STAFF_ONLY}
    ),
}
