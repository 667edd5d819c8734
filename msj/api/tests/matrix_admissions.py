"""Admissions in the API matrix: the same answers as on the web (tests/matrix_admissions.py).

Citizen members (Ana, Eva, Beto) and the technical secretary (Sara) reach admissions; Olga
(official) and Nora (network staff) get 404 for every operation. The test applications
(msj/admissions/testing.py) were all proposed by Beto, so he sees each one and gets 403 on the
steps of the Executive Committee (Ana, Eva) and the secretary. Each write acts on its own
application at the step it starts from, so that the bodies are valid and the answer depends
only on who asks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from msj.admissions.rules import REQUIREMENT_KEYS
from msj.admissions.testing import PDF_BYTES, PNG_BYTES, admission_fixture, held_citizens_meeting
from msj.committees.testing import committee_fixtures
from msj.members.testing import Personas
from msj.votes.testing import vote_fixtures

from .conftest import Multipart
from .extensions import table

API = "/api/v1"
A = f"{API}/mesas/{{slug}}/admissions"
ONE = f"{A}/{{public_id}}"

READERS = table({"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404)
OVERSEERS = table({"ana": 200, "eva": 200, "sara": 200, "olga": 404})

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", A): READERS,
    ("POST", A): table({"ana": 201, "eva": 201, "beto": 201, "olga": 404}),
    ("GET", ONE): READERS,
    ("GET", f"{ONE}/files/{{kind}}"): READERS,
    ("POST", f"{ONE}/review"): table({"ana": 200, "eva": 200, "olga": 404}),
    ("POST", f"{ONE}/distribute"): OVERSEERS,
    ("POST", f"{ONE}/presentation"): OVERSEERS,
    ("POST", f"{ONE}/vote"): table({"sara": 200, "olga": 404}),
    ("POST", f"{ONE}/signing"): OVERSEERS,
    # The new member chooses; the secretary may record the choice for them.
    ("POST", f"{ONE}/committee"): table({"sara": 200, "olga": 404}),
    ("GET", f"{API}/mesas/{{slug}}/bylaws"): READERS,
    ("POST", f"{API}/mesas/{{slug}}/bylaws"): table({"sara": 201, "olga": 404}),
}


def calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    m = f"{API}/mesas/{p.mesa_a.slug}"
    # The votes' matrix uses the newest admission vote of Mesa A as its own (msj/votes/testing.py):
    # let it make its vote first, and open ours earlier, so that it keeps finding its own.
    vote_fixtures(p)
    earlier = timezone.now() - dt.timedelta(hours=1)

    def one(step: str) -> str:
        return f"{m}/admissions/{admission_fixture(p, step, vote_opens_at=earlier).public_id}"

    meeting = held_citizens_meeting(p.mesa_a)
    held_on = timezone.localdate(meeting.starts_at, timezone=p.mesa_a.tzinfo)
    return {
        ("GET", A): (f"{m}/admissions", None),
        ("POST", A): (
            f"{m}/admissions",
            Multipart(
                {"candidate_name": "Nadia Nájera", "candidate_email": "nadia@example.org"},
                [("cv", "cv.pdf", PDF_BYTES), ("photo", "foto.png", PNG_BYTES), ("letter", "carta.pdf", PDF_BYTES)],
            ),
        ),
        ("GET", ONE): (one("distributed"), None),
        ("GET", f"{ONE}/files/{{kind}}"): (f"{one('distributed')}/files/cv", None),
        ("POST", f"{ONE}/review"): (
            f"{one('submitted')}/review",
            {"checks": [{"requirement": key, "met": True} for key in REQUIREMENT_KEYS]},
        ),
        ("POST", f"{ONE}/distribute"): (f"{one('reviewed')}/distribute", None),
        ("POST", f"{ONE}/presentation"): (f"{one('distributed')}/presentation", {"meeting": str(meeting.public_id)}),
        ("POST", f"{ONE}/vote"): (f"{one('presented')}/vote", None),
        ("POST", f"{ONE}/signing"): (
            f"{one('admitted')}/signing",
            {"meeting": str(meeting.public_id), "signed_on": held_on.isoformat()},
        ),
        ("POST", f"{ONE}/committee"): (
            f"{one('signed')}/committee",
            {"committee": str(committee_fixtures(p).prevention.public_id)},
        ),
        ("GET", f"{API}/mesas/{{slug}}/bylaws"): (f"{m}/bylaws", None),
        ("POST", f"{API}/mesas/{{slug}}/bylaws"): (
            f"{m}/bylaws",
            {"text": "Artículo 1. La Mesa es apartidista.", "adopted_on": p.mesa_a.today().isoformat()},
        ),
    }
