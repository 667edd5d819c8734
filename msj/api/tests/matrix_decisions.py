"""The Executive Committee's decisions in the API matrix (tests/matrix_decisions.py on the web).

Ana and Eva sit on the Executive Committee: they see and make proposals; Sara, the technical
secretary, sees them but does not propose (403); everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from msj.decisions.testing import proposal_fixture
from msj.members.testing import Personas

from .extensions import table

API = "/api/v1"
M = f"{API}/mesas/{{slug}}"

SEES = table({"ana": 200, "eva": 200, "sara": 200}, others=404)

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", f"{M}/decisions"): SEES,
    ("GET", f"{M}/decisions/{{public_id}}"): SEES,
    ("POST", f"{M}/decisions"): table({"ana": 201, "eva": 201, "sara": 403}, others=404),
    ("GET", f"{M}/secretary-evaluation"): SEES,
}


def calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    proposal = proposal_fixture(p)
    m = f"{API}/mesas/{p.mesa_a.slug}"
    return {
        ("GET", f"{M}/decisions"): (f"{m}/decisions", None),
        ("GET", f"{M}/decisions/{{public_id}}"): (f"{m}/decisions/{proposal.public_id}", None),
        ("POST", f"{M}/decisions"): (
            f"{m}/decisions",
            {"kind": "evaluate_secretary", "rating": "satisfactory", "evaluation_text": "Cumple con las actas."},
        ),
        ("GET", f"{M}/secretary-evaluation"): (f"{m}/secretary-evaluation", None),
    }
