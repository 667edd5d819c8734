"""An honour case in Mesa A for tests, on top of the personas (msj/members/testing.py).

The Executive Committee (Ana, coordinator; Eva, member) opened a case against Beto on its own
knowledge: Ana and Eva sit on its committee by office; Beto, Sara, Olga, Carla and Nora do not.

`honour_case` is idempotent, so the persona matrix may call it for every URL.
"""

from __future__ import annotations

from msj.committees.testing import actor, membership
from msj.honour import services
from msj.honour.models import Case
from msj.members.testing import Personas

SUMMARY = "Habló con la prensa en nombre de la Mesa sin acuerdo previo."


def honour_case(personas: Personas) -> Case:
    existing = Case.objects.filter(mesa=personas.mesa_a, summary=SUMMARY).first()
    if existing is not None:
        return existing
    return services.open_case(
        mesa=personas.mesa_a,
        origin=Case.Origin.EXECUTIVE_COMMITTEE,
        respondent=membership(personas, "beto"),
        summary=SUMMARY,
        by=actor(personas, "eva"),
    )
