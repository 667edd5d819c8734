"""Committees and a security agenda topic for Mesa A, on top of the personas (msj/members/testing.py).

- the Executive and the Indicators committees (from the Mesa's creation);
- the Prevention committee (axis 1): Beto coordinates it, Eva is the alternate, both have
  signed its process manual;
- a dissolved committee.

The security agenda's fixtures build on these (msj/topics/testing.py).

`committee_fixtures` is idempotent, so the persona matrix may call it for every URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from msj.committees import services
from msj.committees.models import Axis, Committee, CommitteeMember
from msj.members.access import Actor, actor_for
from msj.members.models import Membership
from msj.members.testing import Personas

DECIDED_ON = dt.date(2025, 3, 12)
MINUTES = "Acta de la sesión del Comité Ejecutivo del 12/03/2025"


@dataclass
class CommitteeFixtures:
    executive: Committee
    indicators: Committee
    prevention: Committee
    dissolved: Committee
    beto_seat: CommitteeMember


def membership(personas: Personas, name: str) -> Membership:
    user = personas.all()[name]
    return Membership.objects.select_related("mesa", "user").get(mesa=personas.mesa_a, user=user, ended_on__isnull=True)


def actor(personas: Personas, name: str) -> Actor:
    result = actor_for(personas.all()[name], personas.mesa_a)
    assert result is not None  # noqa: S101 - a test helper
    return result


def committee_fixtures(personas: Personas) -> CommitteeFixtures:
    mesa = personas.mesa_a
    sara = actor(personas, "sara")
    executive, indicators = services.ensure_core_committees(mesa=mesa)
    prevention = Committee.objects.filter(mesa=mesa, name="Prevención").first()
    if prevention is None:
        axis = Axis.objects.filter(mesa=mesa, number=1).first() or services.create_axis(
            mesa=mesa, number=1, name="Prevención", by=sara
        )
        prevention = services.create_committee(
            mesa=mesa,
            name="Prevención",
            axis=axis,
            coordinator=membership(personas, "beto"),
            alternate=membership(personas, "eva"),
            manual_text="Nos reunimos el primer martes de cada mes.",
            decided_on=DECIDED_ON,
            minutes_reference=MINUTES,
            by=sara,
        )
        for name in ("beto", "eva"):
            services.sign_manual(committee=prevention, membership=membership(personas, name))
    dissolved = Committee.objects.filter(mesa=mesa, name="Comité disuelto").first()
    if dissolved is None:
        dissolved = services.create_committee(
            mesa=mesa,
            name="Comité disuelto",
            coordinator=membership(personas, "ana"),
            alternate=membership(personas, "beto"),
            manual_text="Manual.",
            decided_on=DECIDED_ON,
            minutes_reference=MINUTES,
            by=sara,
        )
        services.dissolve_committee(
            committee=dissolved, decided_on=DECIDED_ON + dt.timedelta(days=30), minutes_reference=MINUTES, by=sara
        )
    beto_seat = CommitteeMember.objects.serving().get(committee=prevention, membership__user=personas.beto)
    return CommitteeFixtures(
        executive=executive,
        indicators=indicators,
        prevention=prevention,
        dissolved=dissolved,
        beto_seat=beto_seat,
    )
