"""The persona matrix of the honour capability (msj/honour): resignations, complaints and cases.

A case is seen only by its committee: Ana and Eva sit on it by office (the Executive Committee);
Beto is the respondent of the test case (msj/honour/testing.py); the technical secretary does not
sit on it. Officials and network staff get 404 on every page of the capability. Every POST below
is invalid on purpose: the page is shown again with its errors and nothing changes.
"""

from __future__ import annotations

from typing import Any

from msj.honour.testing import honour_case
from msj.members.testing import Personas
from tests.matrix_base import Entry, mesa_a, only

# Whoever has a place in the Mesa resigns it; officials leave with their post instead.
RESIGNERS = only({"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404)
SECRETARY = {**only({"sara": 200}), "olga": 404}
CITIZENS = {**only({"ana": 200, "eva": 200, "beto": 200}), "olga": 404}
EXECUTIVE = {**only({"ana": 200, "eva": 200}), "olga": 404}
# The case's committee; everyone else, members included, gets 404 for a case.
PANEL = only({"ana": 200, "eva": 200}, others=404)


def case(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": honour_case(p).public_id}


ENTRIES: dict[str, Entry] = {
    "honour:resign": Entry(mesa_a, {"GET": RESIGNERS, "POST": RESIGNERS}, data=lambda p: {"confirm": ""}),
    "honour:record_resignation": Entry(
        mesa_a, {"GET": SECRETARY, "POST": SECRETARY}, data=lambda p: {"member": "", "on": "not-a-date"}
    ),
    "honour:complain": Entry(
        mesa_a, {"GET": CITIZENS, "POST": CITIZENS}, data=lambda p: {"respondent": "", "description": ""}
    ),
    "honour:cases": Entry(mesa_a, {"GET": EXECUTIVE}),
    "honour:open_case": Entry(
        mesa_a,
        {"GET": EXECUTIVE, "POST": EXECUTIVE},
        data=lambda p: {"origin": "executive_committee", "respondent": "", "summary": ""},
    ),
    "honour:case": Entry(case, {"GET": PANEL}),
    "honour:add_panel_member": Entry(
        case, {"GET": PANEL, "POST": PANEL}, data=lambda p: {"kind": "guest", "email": "not-an-email"}
    ),
    "honour:record_hearing": Entry(
        case, {"GET": PANEL, "POST": PANEL}, data=lambda p: {"party": "", "outcome": "heard", "held_on": "not-a-date"}
    ),
    # No party has been heard yet: even a complete decision would be refused.
    "honour:decide": Entry(
        case,
        {"GET": PANEL, "POST": PANEL},
        data=lambda p: {
            "sanction": "written_warning",
            "grounds": "Consta.",
            "decided_on": p.mesa_a.today().isoformat(),
        },
    ),
    "honour:close": Entry(case, {"GET": PANEL, "POST": PANEL}, data=lambda p: {"reason": ""}),
}
