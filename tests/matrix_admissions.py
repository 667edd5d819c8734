"""The persona matrix of admissions (msj/admissions): applications, their steps and the bylaws.

Admissions are the citizen members' business: Ana, Eva and Beto (citizens) and Sara (technical
secretary) reach them; Olga (official) and Nora (network staff) get 404 everywhere. The test
applications (msj/admissions/testing.py) were all proposed by Beto, so he sees even the one
still awaiting review, and gets 403 on the steps the Executive Committee (Ana, Eva) or the
secretary take. Every POST below is invalid, or out of order, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msj.admissions.testing import admission_fixture
from msj.members.testing import Personas
from tests.matrix_base import MESA_A_MEMBERS, Entry, mesa_a, not_allowed, only

READERS = only({"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404)
CITIZENS = only({"ana": 200, "eva": 200, "beto": 200}, others=403) | {"olga": 404}
EXECUTIVE = only({"ana": 200, "eva": 200}) | {"olga": 404}
OVERSEERS = only({"ana": 200, "eva": 200, "sara": 200}) | {"olga": 404}
OVERSEERS_REDIRECTED = only({"ana": 302, "eva": 302, "sara": 302}) | {"olga": 404}
SECRETARY = only({"sara": 200}) | {"olga": 404}
SECRETARY_REDIRECTED = only({"sara": 302}) | {"olga": 404}
POST_ONLY = not_allowed(MESA_A_MEMBERS)  # the method is refused before anything else


def application(which: str, **extra: str) -> Callable[[Personas], dict[str, Any]]:
    """An application of Mesa A at a step: "submitted", "reviewed", "distributed", "presented"…"""

    def kwargs(p: Personas) -> dict[str, Any]:
        return {"mesa_slug": p.mesa_a.slug, "public_id": admission_fixture(p, which).public_id, **extra}

    return kwargs


ENTRIES: dict[str, Entry] = {
    "admissions:list": Entry(mesa_a, {"GET": READERS}),
    "admissions:apply": Entry(
        mesa_a, {"GET": CITIZENS, "POST": CITIZENS}, data=lambda p: {"candidate_name": "", "candidate_email": "x"}
    ),
    "admissions:bylaws": Entry(
        mesa_a, {"GET": READERS, "POST": SECRETARY}, data=lambda p: {"text": "", "adopted_on": "not-a-date"}
    ),
    "admissions:detail": Entry(application("submitted"), {"GET": READERS}),
    "admissions:file": Entry(application("distributed", kind="cv"), {"GET": READERS}),
    "admissions:review": Entry(
        application("submitted"), {"GET": EXECUTIVE, "POST": EXECUTIVE}, data=lambda p: {"lives_in_area": "met"}
    ),
    # Not reviewed yet: distributing is refused with a message.
    "admissions:distribute": Entry(application("submitted"), {"GET": POST_ONLY, "POST": OVERSEERS_REDIRECTED}),
    "admissions:present": Entry(
        application("distributed"), {"GET": OVERSEERS, "POST": OVERSEERS}, data=lambda p: {"meeting": ""}
    ),
    # Not presented yet: opening the vote is refused with a message.
    "admissions:open_vote": Entry(application("distributed"), {"GET": POST_ONLY, "POST": SECRETARY_REDIRECTED}),
    "admissions:signing": Entry(
        application("admitted"),
        {"GET": OVERSEERS, "POST": OVERSEERS},
        data=lambda p: {"meeting": "", "signed_on": "not-a-date"},
    ),
    # The new member chooses; the secretary may record it for them.
    "admissions:committee": Entry(
        application("signed"), {"GET": SECRETARY, "POST": SECRETARY}, data=lambda p: {"committee": ""}
    ),
}
