"""Shared helpers of the honour tests: more people for Mesa A, and a case with its hearings."""

from __future__ import annotations

import datetime as dt

from msj.accounts.models import User
from msj.committees.testing import actor, membership
from msj.honour import services
from msj.honour.models import Case, Hearing
from msj.members.models import Membership, Office
from msj.members.testing import SINCE, Personas


def citizen(personas: Personas, name: str) -> Membership:
    """A new citizen member of Mesa A."""
    user = User.objects.create_user(email=f"{name.lower()}@example.org", full_name=name)
    return Membership.objects.create(mesa=personas.mesa_a, user=user, kind=Membership.Kind.CITIZEN, started_on=SINCE)


def former_coordinator(personas: Personas, name: str) -> Membership:
    """A citizen member of Mesa A whose term as coordinator ended a year ago."""
    person = citizen(personas, name)
    Office.objects.create(
        mesa=personas.mesa_a,
        membership=person,
        kind=Office.Kind.COORDINATOR,
        started_on=SINCE,
        ended_on=SINCE + dt.timedelta(days=365),
    )
    return person


def complaint(personas: Personas, by: str = "ana", against: str = "beto") -> Case:
    return services.file_complaint(
        complainant=membership(personas, by),
        respondent=membership(personas, against),
        description="Insultó a otra integrante en la sesión de ciudadanos.",
        by=actor(personas, by),
    )


def hear(personas: Personas, case: Case, who: str, outcome: str = Hearing.Outcome.HEARD) -> Hearing:
    return services.record_hearing(
        case=case,
        party=membership(personas, who),
        outcome=outcome,
        held_on=personas.mesa_a.today(),
        notes="Escuchado en sesión del comité.",
        by=actor(personas, "eva"),
    )


def decide(personas: Personas, case: Case, sanction: str, **kwargs: object) -> object:
    return services.decide_case(
        case=case,
        sanction=sanction,
        grounds="Consta en las audiencias.",
        decided_on=personas.mesa_a.today(),
        by=actor(personas, "eva"),
        **kwargs,  # type: ignore[arg-type]
    )
