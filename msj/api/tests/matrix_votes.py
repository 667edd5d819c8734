"""Votes in the API matrix: the same answers as on the web (tests/matrix_votes.py)."""

from __future__ import annotations

import email.utils
from email.message import EmailMessage
from typing import Any

from django.utils import timezone

from msj.members.testing import Personas
from msj.votes.testing import vote_fixtures

from .conftest import Multipart
from .extensions import table

API = "/api/v1"
V = f"{API}/mesas/{{slug}}/votes"

CITIZENS_AND_SECRETARY = table({"ana": 200, "eva": 200, "beto": 200, "sara": 200}, others=404)

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", V): table({"ana": 200, "eva": 200, "beto": 200, "sara": 200}),
    ("GET", f"{V}/{{public_id}}"): CITIZENS_AND_SECRETARY,
    # Ana, Eva and Beto elect; the secretary is no elector (refused with a problem).
    ("POST", f"{V}/{{public_id}}/ballot"): table({"ana": 201, "eva": 201, "beto": 201, "sara": 422}, others=404),
    # Before the deadline the close is refused to those who may close it.
    ("POST", f"{V}/{{public_id}}/close"): table({"ana": 422, "sara": 422, "eva": 403, "beto": 403}, others=404),
    # An open vote cannot be reviewed yet; the secretary is no citizen member.
    ("POST", f"{V}/{{public_id}}/reviews"): table({"ana": 422, "eva": 422, "beto": 422, "sara": 403}, others=404),
    ("GET", f"{V}/{{public_id}}/verification"): CITIZENS_AND_SECRETARY,
    # The secretary imports; Beto's e-mailed ballot is accepted for her.
    ("POST", f"{V}/{{public_id}}/imports"): table({"ana": 403, "eva": 403, "beto": 403, "sara": 200}, others=404),
}


def beto_email(p: Personas) -> Multipart:
    message = EmailMessage()
    message["From"] = "Beto Barrios <beto@example.org>"
    message["To"] = "sara@example.org"
    message["Subject"] = "Mi voto"
    message["Date"] = email.utils.format_datetime(timezone.now())
    message["Message-ID"] = "<beto-1@mail.example.org>"
    message.set_content("Yo Beto Barrios voto a favor del ingreso de Diana Durán.")
    return Multipart({}, [("ballot_files", "beto.eml", bytes(message))])


def calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    vote = vote_fixtures(p).admission
    base = f"{API}/mesas/{p.mesa_a.slug}/votes"
    one = f"{base}/{vote.public_id}"
    return {
        ("GET", V): (base, None),
        ("GET", f"{V}/{{public_id}}"): (one, None),
        ("POST", f"{V}/{{public_id}}/ballot"): (f"{one}/ballot", {"option": "for"}),
        ("POST", f"{V}/{{public_id}}/close"): (f"{one}/close", None),
        ("POST", f"{V}/{{public_id}}/reviews"): (f"{one}/reviews", {"reason": "Revisar el conteo."}),
        ("GET", f"{V}/{{public_id}}/verification"): (f"{one}/verification", None),
        ("POST", f"{V}/{{public_id}}/imports"): (f"{one}/imports", beto_email(p)),
    }
