"""The honour capability in the API matrix: the same answers as on the web (tests/matrix_honour.py).

A case is seen only by its committee: Ana and Eva sit on it by office (the Executive Committee);
Beto is the respondent of the test case (msj/honour/testing.py), and the technical secretary does
not sit on it. Officials and network staff get 404 for every operation of the capability.

The bodies are valid, so that the answer depends only on who asks, with one exception: a real
resignation would end the caller's place before the operations of other capabilities that follow
in the same run, so the call below leaves it unconfirmed, and whoever may resign is refused (422)
with nothing changed. msj/api/tests/test_honour_api.py resigns for real.
"""

from __future__ import annotations

from typing import Any

from msj.accounts.models import User
from msj.committees.testing import actor
from msj.honour import services
from msj.honour.models import Case, Hearing
from msj.honour.testing import honour_case
from msj.members.models import Membership
from msj.members.testing import SINCE, Personas

from .extensions import table

API = "/api/v1"
H = f"{API}/mesas/{{slug}}/honour"
CASE = f"{H}/cases/{{public_id}}"

# The case's committee; everyone else, members included, gets 404 for a case.
PANEL = table({"ana": 200, "eva": 200}, others=404)
PANEL_CREATES = table({"ana": 201, "eva": 201}, others=404)

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    # Whoever has a place resigns it (here unconfirmed: 422); officials leave with their post instead.
    ("POST", f"{H}/resign"): table({"ana": 422, "eva": 422, "beto": 422, "sara": 422}, others=404),
    ("POST", f"{H}/resignations"): table({"sara": 201, "olga": 404}),
    ("POST", f"{H}/complaints"): table({"ana": 201, "eva": 201, "beto": 201, "olga": 404}),
    ("GET", f"{H}/cases"): table({"ana": 200, "eva": 200, "olga": 404}),
    ("POST", f"{H}/cases"): table({"ana": 201, "eva": 201, "olga": 404}),
    ("GET", CASE): PANEL,
    ("POST", f"{CASE}/panel"): PANEL_CREATES,
    ("POST", f"{CASE}/hearings"): PANEL_CREATES,
    ("POST", f"{CASE}/decision"): PANEL_CREATES,
    ("POST", f"{CASE}/close"): PANEL,
}


def _citizen(p: Personas, name: str, email: str) -> Membership:
    """A citizen member of Mesa A who is none of the personas, so that acting on them spares the run."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, full_name=name)
    membership = Membership.objects.filter(mesa=p.mesa_a, user=user).first()
    return membership or Membership.objects.create(
        mesa=p.mesa_a, user=user, kind=Membership.Kind.CITIZEN, started_on=SINCE
    )


def _case(p: Personas, respondent: Membership, summary: str) -> Case:
    existing = Case.objects.filter(mesa=p.mesa_a, summary=summary).first()
    return existing or services.open_case(
        mesa=p.mesa_a,
        origin=Case.Origin.EXECUTIVE_COMMITTEE,
        respondent=respondent,
        summary=summary,
        by=actor(p, "eva"),
    )


def calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    today = p.mesa_a.today().isoformat()
    case = honour_case(p)  # against Beto, nobody heard yet
    # A case whose only party has been heard: ready for the decision.
    heard = _case(p, _citizen(p, "Rosa Rendón", "rosa@example.org"), "Faltó a tres sesiones sin justificar y no avisó.")
    if not Hearing.objects.filter(case=heard).exists():
        services.record_hearing(
            case=heard,
            party=heard.respondent,
            outcome=Hearing.Outcome.HEARD,
            held_on=p.mesa_a.today(),
            by=actor(p, "eva"),
        )
    to_close = _case(
        p, _citizen(p, "Tomás Treviño", "tomas@example.org"), "Se denunció un trato indebido que luego se aclaró."
    )
    leaving = _citizen(p, "Lucía Lara", "lucia@example.org")
    respondent = _citizen(p, "Raúl Rivas", "raul@example.org")
    m = f"{API}/mesas/{p.mesa_a.slug}/honour"
    one = f"{m}/cases/{case.public_id}"
    return {
        ("POST", f"{H}/resign"): (f"{m}/resign", {"confirm": False, "reason": "Me mudo de ciudad."}),
        ("POST", f"{H}/resignations"): (
            f"{m}/resignations",
            {"member": str(leaving.public_id), "on": today, "reason": "Carta entregada en la oficina."},
        ),
        ("POST", f"{H}/complaints"): (
            f"{m}/complaints",
            {"respondent": str(respondent.public_id), "description": "Insultó a una integrante en la sesión."},
        ),
        ("GET", f"{H}/cases"): (f"{m}/cases", None),
        ("POST", f"{H}/cases"): (
            f"{m}/cases",
            {
                "origin": "written_request",
                "respondent": str(respondent.public_id),
                "summary": "Usó el nombre de la Mesa en un acto partidista.",
            },
        ),
        ("GET", CASE): (one, None),
        ("POST", f"{CASE}/panel"): (
            f"{one}/panel",
            {"kind": "guest", "email": "invitada@example.org", "full_name": "Irene Invitada"},
        ),
        ("POST", f"{CASE}/hearings"): (
            f"{one}/hearings",
            {"party": str(case.respondent.public_id), "outcome": "heard", "held_on": today, "notes": "Se escuchó."},
        ),
        ("POST", f"{CASE}/decision"): (
            f"{m}/cases/{heard.public_id}/decision",
            {"sanction": "written_warning", "grounds": "Consta en la audiencia.", "decided_on": today},
        ),
        ("POST", f"{CASE}/close"): (
            f"{m}/cases/{to_close.public_id}/close",
            {"reason": "Quien denunció retiró la queja."},
        ),
    }
