"""The persona matrix of the elections capability (msj/elections), on msj/elections/testing.py.

Elections are the citizen members' business: Ana (coordinator), Eva (alternate and Executive
Committee), Beto (citizen) and Sara (technical secretary) see them; Olga (official), Carla
(Mesa B) and Nora (network staff) get 404 on every page. Every POST below is refused (invalid
input, or nothing due) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from msj.elections.testing import election_fixture
from msj.members.testing import Personas
from tests.matrix_base import MESA_A_MEMBERS, Entry, not_allowed, only

SEES = {**only({"ana": 200, "eva": 200, "beto": 200, "sara": 200}), "olga": 404}


def sees(allowed: dict[str, int]) -> dict[str, int]:
    """Those who see the elections and may not do this get 403; everyone else 404."""
    return {**only(allowed), "olga": 404}


def mesa_with_election(p: Personas) -> dict[str, Any]:
    election_fixture(p)
    return {"mesa_slug": p.mesa_a.slug}


def cycle(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": election_fixture(p).cycle.public_id}


def candidacy(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": election_fixture(p).candidacy.public_id}


def coordinator_vote(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": election_fixture(p).coordinator_vote.public_id}


ENTRIES: dict[str, Entry] = {
    "elections:overview": Entry(mesa_with_election, {"GET": SEES}),
    "elections:cycle": Entry(cycle, {"GET": SEES}),
    "elections:letter": Entry(candidacy, {"GET": SEES}),
    # A letter with neither text nor PDF is refused: the form comes back with its errors.
    "elections:submit_candidacy": Entry(
        mesa_with_election, {"GET": SEES, "POST": SEES}, data=lambda p: {"letter_text": ""}
    ),
    # The coordinator vote has opened already: too late to stand.
    "elections:stand": Entry(
        mesa_with_election, {"GET": not_allowed(MESA_A_MEMBERS), "POST": sees({"ana": 302})}, data=lambda p: {}
    ),
    # Beto's candidacy was forwarded already: nothing is sent again.
    "elections:forward": Entry(cycle, {"GET": not_allowed(MESA_A_MEMBERS), "POST": sees({"sara": 302})}),
    # Nothing is due today: the coordinator vote has been held, the alternate vote opens in 5 days.
    "elections:open_due": Entry(
        cycle, {"GET": not_allowed(MESA_A_MEMBERS), "POST": sees({"ana": 302, "eva": 302, "sara": 302})}
    ),
    "elections:next_round": Entry(
        coordinator_vote,
        {"GET": sees({"ana": 200, "eva": 200}), "POST": sees({"ana": 200, "eva": 200})},
        data=lambda p: {"closes_on": "not-a-date"},
    ),
}
