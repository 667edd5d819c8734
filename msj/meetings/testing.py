"""Meetings for tests, built on the personas (msj/members/testing.py).

`make_meetings` gives Mesa A a convened plenary, a convened citizens' meeting and a convened
Executive Committee meeting, ten days ahead, through the services (so their agendas and
invitations are the real ones). Calling it again returns the same meetings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from msj.meetings import services
from msj.meetings.models import Meeting
from msj.members.access import actor_for
from msj.members.testing import Personas


@dataclass
class Meetings:
    plenary: Meeting
    citizens: Meeting
    executive: Meeting


TITLES: dict[str, str] = {
    Meeting.Kind.PLENARY: "Pleno ordinario",
    Meeting.Kind.CITIZENS: "Reunión ciudadana previa",
    Meeting.Kind.EXECUTIVE: "Comité Ejecutivo",
}


def local(mesa_tz: dt.tzinfo, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment `days` from today at `hour`:`minute`, local time in `mesa_tz`."""
    day = timezone.localdate(timezone=mesa_tz) + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), mesa_tz)


def make_meeting(
    personas: Personas,
    kind: str,
    *,
    days: int = 10,
    hour: int = 18,
    title: str | None = None,
    convene: bool = True,
    **kwargs: object,
) -> Meeting:
    mesa = personas.mesa_a
    sara = actor_for(personas.sara, mesa)
    meeting = services.create_meeting(
        mesa=mesa,
        kind=kind,
        title=title or TITLES.get(kind, str(kind)),
        starts_at=local(mesa.tzinfo, days, hour),
        ends_at=local(mesa.tzinfo, days, hour + 2),
        place=kwargs.pop("place", "Sala de juntas") or "",  # type: ignore[arg-type]
        by=sara,
        **kwargs,  # type: ignore[arg-type]
    )
    if convene:
        services.convene_meeting(meeting=meeting, by=sara)
        meeting.refresh_from_db()
    return meeting


def make_meetings(personas: Personas) -> Meetings:
    found = {m.kind: m for m in Meeting.objects.filter(mesa=personas.mesa_a, title__in=TITLES.values())}
    for kind in TITLES:
        if kind not in found:
            found[kind] = make_meeting(personas, kind)
    return Meetings(
        plenary=found[Meeting.Kind.PLENARY],
        citizens=found[Meeting.Kind.CITIZENS],
        executive=found[Meeting.Kind.EXECUTIVE],
    )
