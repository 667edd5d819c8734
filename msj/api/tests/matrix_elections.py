"""The elections in the API matrix: the same answers as on the web (tests/matrix_elections.py).

On msj/elections/testing.py: Ana's term ends in 20 days, Eva is the one alternate, the coordinator
vote closed without quorum, and Beto's candidacy was forwarded. Officials and network staff get
404 for every operation. Bodies are valid; the refusals below come from the Mesa's rules (422).
"""

from __future__ import annotations

from typing import Any

from msj.elections.testing import election_fixture
from msj.members.testing import Personas

from .extensions import table

API = "/api/v1"
E = f"{API}/mesas/{{slug}}/elections"

SEES = table({"ana": 200, "eva": 200, "beto": 200, "sara": 200, "olga": 404})

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", E): SEES,
    ("GET", f"{E}/cycles/{{public_id}}"): SEES,
    # Eva holds an alternate seat and Beto has sent his letter already; the secretary must name a member.
    ("POST", f"{E}/candidacies"): table({"ana": 201, "eva": 422, "beto": 422, "sara": 422, "olga": 404}),
    # The coordinator vote has been held: too late to stand.
    ("POST", f"{E}/stand"): table({"ana": 422, "olga": 404}),
    ("POST", f"{E}/cycles/{{public_id}}/forward"): table({"sara": 200, "olga": 404}),
    ("POST", f"{E}/cycles/{{public_id}}/open-due"): table({"ana": 200, "eva": 200, "sara": 200, "olga": 404}),
    ("POST", f"{E}/votes/{{public_id}}/next-round"): table({"ana": 201, "eva": 201, "olga": 404}),
}


def calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    fixture = election_fixture(p)
    e = f"{API}/mesas/{p.mesa_a.slug}/elections"
    cycle = f"{e}/cycles/{fixture.cycle.public_id}"
    return {
        ("GET", E): (e, None),
        ("GET", f"{E}/cycles/{{public_id}}"): (cycle, None),
        ("POST", f"{E}/candidacies"): (f"{e}/candidacies", {"letter_text": "Me propongo para la suplencia."}),
        ("POST", f"{E}/stand"): (f"{e}/stand", {}),
        ("POST", f"{E}/cycles/{{public_id}}/forward"): (f"{cycle}/forward", None),
        ("POST", f"{E}/cycles/{{public_id}}/open-due"): (f"{cycle}/open-due", None),
        ("POST", f"{E}/votes/{{public_id}}/next-round"): (
            f"{e}/votes/{fixture.coordinator_vote.public_id}/next-round",
            {},
        ),
    }
