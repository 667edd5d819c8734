"""Votes in the persona matrix: membership votes are the citizens' (officials 404), Executive
Committee votes the committee's; the personal link answers whoever holds it, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msj.members.testing import Personas
from msj.votes.testing import MATRIX_TOKEN, vote_fixtures
from tests.matrix_base import PERSONAS, Entry, mesa_a, only


def vote(which: str) -> Callable[[Personas], dict[str, Any]]:
    def kwargs(p: Personas) -> dict[str, Any]:
        return {"mesa_slug": p.mesa_a.slug, "public_id": getattr(vote_fixtures(p), which).public_id}

    return kwargs


def link(p: Personas) -> dict[str, Any]:
    vote_fixtures(p)
    return {"token": MATRIX_TOKEN}


# Members of Mesa A not named get 404 here: membership votes do not exist for officials.
CITIZENS_AND_SECRETARY = only({"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404)
# POST-only URLs fetched with GET: 405 for members past the Mesa's door (before any lookup).
GET_REFUSED = only({"ana": 405, "eva": 405, "beto": 405, "olga": 405, "sara": 405}, others=404)

ENTRIES: dict[str, Entry] = {
    "votes:list": Entry(mesa_a, {"GET": CITIZENS_AND_SECRETARY}),
    "votes:detail": Entry(vote("admission"), {"GET": CITIZENS_AND_SECRETARY}),
    "votes:verify": Entry(vote("decision"), {"GET": only({"ana": 200, "eva": 200, "sara": 200}, others=404)}),
    "votes:ballots_csv": Entry(
        vote("admission"), {"GET": only({"ana": 200, "eva": 200, "beto": 403, "sara": 200}, others=404)}
    ),
    # No option chosen: refused with a message; Sara is no elector, which is refused too.
    "votes:cast": Entry(
        vote("admission"),
        {"GET": GET_REFUSED, "POST": only({"ana": 302, "eva": 302, "beto": 302, "sara": 302}, others=404)},
    ),
    # Before the deadline the close is refused with a message, to those who may close.
    "votes:close": Entry(
        vote("admission"),
        {"GET": GET_REFUSED, "POST": only({"ana": 302, "eva": 403, "beto": 403, "sara": 302}, others=404)},
    ),
    # An open vote's count cannot be reviewed yet; the secretary is no citizen member.
    "votes:review": Entry(
        vote("admission"),
        {"GET": GET_REFUSED, "POST": only({"ana": 302, "eva": 302, "beto": 302, "sara": 403}, others=404)},
    ),
    # Importing ballot e-mails is the technical secretary's; no file sent is refused with the form.
    "votes:import": Entry(
        vote("admission"),
        {
            "GET": only({"ana": 403, "eva": 403, "beto": 403, "sara": 200}, others=404),
            "POST": only({"ana": 403, "eva": 403, "beto": 403, "sara": 400}, others=404),
        },
    ),
    "ballot": Entry(
        link,
        {"GET": dict.fromkeys(PERSONAS, 200), "POST": dict.fromkeys(PERSONAS, 400)},
    ),
}
