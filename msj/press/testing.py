"""Press fixtures for Mesa A, shared by the press tests and the persona matrix. Idempotent.

- "Balance del trimestre": a draft under the protocol with the authorities, controversial and
  with no consensus recorded yet, drafted by Sara (so Ana and Eva could approve it, once the
  consensus is recorded). Every member of Mesa A reads it, Olga included.
- A press conference with the authorities (Olga's seat, Eva) two days from now, not yet held; it
  presents no release, as the draft is not approved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from msj.committees.testing import actor
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.press import services
from msj.press.models import PressConference, Protocol, Release

DRAFT_TITLE = "Balance del trimestre"


@dataclass
class PressFixtures:
    draft: Release
    conference: PressConference


def press_fixtures(p: Personas) -> PressFixtures:
    draft = Release.objects.filter(mesa=p.mesa_a, title=DRAFT_TITLE).first()
    if draft is None:
        draft = services.create_release(
            mesa=p.mesa_a,
            by=actor(p, "sara"),
            title=DRAFT_TITLE,
            summary="La incidencia del trimestre, con las autoridades.",
            body="Primer párrafo.\n\nSegundo párrafo.",
            impact_objective="Que la ciudadanía conozca la tendencia de los homicidios.",
            protocol=Protocol.AUTHORITIES,
            controversial=True,
        )
    conference = PressConference.objects.filter(mesa=p.mesa_a).order_by("pk").first()
    if conference is None:
        conference = services.create_conference(
            mesa=p.mesa_a,
            by=actor(p, "sara"),
            starts_at=timezone.now() + dt.timedelta(days=2),
            protocol=Protocol.AUTHORITIES,
            place="Sala de prensa",
            topics="Incidencia del trimestre.",
            participants=[Membership.objects.get(mesa=p.mesa_a, user=p.eva)],
            seats=[p.olga_seat],
            releases=[],
        )
    return PressFixtures(draft=draft, conference=conference)
