"""Helpers for tests of admissions: valid candidate files, a held citizens' meeting, and
applications of Mesa A at each step, all proposed by Beto (msj/members/testing.py).

`admission_fixtures` is idempotent, so the persona matrices may call it for every URL.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from msj.admissions import services
from msj.admissions.models import Application
from msj.admissions.rules import REQUIREMENT_KEYS
from msj.agreements.testing import PDF_BYTES
from msj.committees.testing import actor, committee_fixtures
from msj.meetings.models import Meeting
from msj.members.testing import Personas
from msj.mesas.models import Mesa
from msj.votes import services as vote_services


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


PNG_BYTES = _png_1x1()
__all__ = ["PDF_BYTES", "PNG_BYTES"]


def candidate_files(**replace: Any) -> dict[str, Any]:
    """A valid CV, photo and letter as uploads; pass e.g. ``photo=None`` or another upload to change one."""
    files: dict[str, Any] = {
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf"),
        "photo": SimpleUploadedFile("foto.png", PNG_BYTES, content_type="image/png"),
        "letter": SimpleUploadedFile("carta.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    files.update(replace)
    return files


def all_met() -> dict[str, tuple[bool, str]]:
    return {key: (True, "") for key in REQUIREMENT_KEYS}


def held_citizens_meeting(mesa: Mesa, title: str = "Reunión ciudadana de admisiones") -> Meeting:
    """A citizens' meeting of today that has started (at local midnight at the earliest)."""
    existing = Meeting.objects.filter(mesa=mesa, title=title).first()
    if existing is not None:
        return existing
    now = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(mesa.today(), dt.time(0, 0)), mesa.tzinfo)
    starts = max(now - dt.timedelta(hours=1), midnight)
    return Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.CITIZENS,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Sala de juntas",
        status=Meeting.Status.HELD,
    )


STEPS = ["submitted", "reviewed", "distributed", "presented", "voting", "admitted", "signed"]


def make_application(
    p: Personas, *, name: str, email: str, until: str = "submitted", vote_opens_at: dt.datetime | None = None
) -> Application:
    """An application of Mesa A proposed by Beto, taken through the steps up to `until` (see STEPS).

    `vote_opens_at` backdates the opening of its vote (within the window, so ballots still count).
    """
    existing = Application.objects.filter(mesa=p.mesa_a, candidate_email=email).first()
    if existing is not None:
        return existing
    mesa = p.mesa_a
    target = STEPS.index(until)
    application = services.submit_application(
        mesa=mesa, by=actor(p, "beto"), candidate_name=name, candidate_email=email, files=candidate_files()
    )
    if target >= 1:
        services.review_application(application=application, checks=all_met(), by=actor(p, "eva"))
    if target >= 2:
        services.distribute(application=application, by=actor(p, "sara"))
    if target >= 3:
        services.record_presentation(application=application, meeting=held_citizens_meeting(mesa), by=actor(p, "sara"))
    if target >= 4:
        services.open_admission_vote(application=application, by=actor(p, "sara"), now=vote_opens_at)
    if target >= 5:
        application.refresh_from_db()
        assert application.vote is not None  # noqa: S101 - a test helper
        for elector in application.vote.electors.select_related("membership__user"):
            vote_services.cast_in_app(vote=application.vote, user=elector.membership.user, option_key="for")
    if target >= 6:
        meeting = held_citizens_meeting(mesa)
        services.record_signing(
            application=application,
            meeting=meeting,
            signed_on=timezone.localdate(meeting.starts_at, timezone=mesa.tzinfo),
            by=actor(p, "sara"),
        )
    application.refresh_from_db()
    return application


# The test applications of Mesa A, one per step, all proposed by Beto.
FIXTURES = {
    "submitted": ("Susana Solís", "susana@example.org"),
    "reviewed": ("Raúl Ríos", "raul@example.org"),
    "distributed": ("Diana Durán", "diana@example.org"),
    "presented": ("Pedro Pérez", "pedro@example.org"),
    "voting": ("Vicente Vega", "vicente@example.org"),
    "admitted": ("Alma Aguirre", "alma@example.org"),
    "signed": ("Fermín Flores", "fermin@example.org"),
}


def admission_fixture(p: Personas, step: str, *, vote_opens_at: dt.datetime | None = None) -> Application:
    """The test application at `step` (built on first use only: each one costs a few queries, or a vote)."""
    if step == "signed":
        committee_fixtures(p)  # the committees a new member may choose from
    name, email = FIXTURES[step]
    return make_application(p, name=name, email=email, until=step, vote_opens_at=vote_opens_at)
