"""The persona matrix of the Executive Committee's decisions (msj/decisions).

Ana (coordinator) and Eva sit on the Executive Committee: they see and make proposals; Sara,
the technical secretary, sees them but does not propose (403). Everyone else — Beto, Olga,
Carla, Nora — gets 404. Every POST below is invalid on purpose and changes nothing.
"""

from __future__ import annotations

from typing import Any

from msj.decisions.testing import proposal_fixture
from msj.members.testing import Personas
from tests.matrix_base import Entry, only

SEES = only({"ana": 200, "eva": 200, "sara": 200}, others=404)
PROPOSES = {**SEES, "sara": 403}


def proposal(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": proposal_fixture(p).public_id}


def kind(name: str) -> Any:
    return lambda p: {"mesa_slug": p.mesa_a.slug, "kind": name}


ENTRIES: dict[str, Entry] = {
    "decisions:list": Entry(lambda p: {"mesa_slug": p.mesa_a.slug}, {"GET": SEES}),
    "decisions:detail": Entry(proposal, {"GET": SEES}),
    "decisions:create": Entry(
        kind("create_committee"),
        {"GET": PROPOSES, "POST": PROPOSES},
        data=lambda p: {"committee_name": "", "manual_text": ""},
    ),
}
