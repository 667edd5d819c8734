"""Meetings with minutes for tests: a plenary and a citizens' meeting of Mesa A, both held.

Built directly (not through the meetings app's services, which are another capability's), with
the plenary's order of the day of §3.4.4 and attendance taken by the technical secretary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from msj.accounts.models import User
from msj.meetings.models import AgendaItem, Attendance, Meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.models import Minutes, MinutesEntry

PLENARY_AGENDA = [
    (AgendaItem.Kind.INTRODUCTIONS, "Presentaciones"),
    (AgendaItem.Kind.AGREEMENTS, "Lectura y seguimiento de acuerdos"),
    (AgendaItem.Kind.AUTHORITIES, "Informe de las autoridades"),
    (AgendaItem.Kind.COMMITTEES, "Avance de los comités"),
    (AgendaItem.Kind.INDICATORS, "Indicadores"),
    (AgendaItem.Kind.GENERAL, "Asuntos generales"),
]


def make_meeting(
    personas: Personas,
    *,
    kind: str = Meeting.Kind.PLENARY,
    title: str = "Sesión plenaria",
    days_ago: int = 30,
    agenda: list[tuple[str, str]] | None = None,
    extraordinary_reason: str = "",
) -> Meeting:
    """A held meeting of Mesa A that started `days_ago` days ago, at 18:00 in the Mesa's zone."""
    day = personas.mesa_a.today() - dt.timedelta(days=days_ago)
    starts = dt.datetime.combine(day, dt.time(18, 0), tzinfo=personas.mesa_a.tzinfo)
    meeting = Meeting.objects.create(
        mesa=personas.mesa_a,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Sala de juntas del Centro Comunitario, Av. Juárez 100",
        status=Meeting.Status.HELD,
        extraordinary=bool(extraordinary_reason),
        extraordinary_reason=extraordinary_reason,
        convened_at=starts - dt.timedelta(days=5),
    )
    for position, (item_kind, item_title) in enumerate(agenda or PLENARY_AGENDA, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, kind=item_kind, title=item_title)
    return meeting


def take_attendance(personas: Personas, meeting: Meeting, who: dict[str, str]) -> None:
    for name, status in who.items():
        user = getattr(personas, name)
        Attendance.objects.create(
            meeting=meeting,
            membership=Membership.objects.get(mesa=personas.mesa_a, user=user, ended_on__isnull=True),
            status=status,
            recorded_by=personas.sara,
        )


def make_minutes(
    meeting: Meeting, status: str = Minutes.Status.DRAFT, *, approved_at: Meeting | None = None
) -> Minutes:
    """Minutes in `status`, with a short entry under every item, written directly for fixtures."""
    now = timezone.now()
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=status,
        circulated_at=None if status == Minutes.Status.DRAFT else now,
        approved_at=approved_at if status in {Minutes.Status.APPROVED, Minutes.Status.SEALED} else None,
        sealed_at=now if status == Minutes.Status.SEALED else None,
    )
    for item in meeting.agenda.all():
        MinutesEntry.objects.create(minutes=minutes, item=item, summary=f"Se trató: {item.title}.")
    return minutes


@dataclass
class MatrixMeetings:
    plenary: Meeting
    citizens: Meeting


def matrix_meetings(personas: Personas) -> MatrixMeetings:
    """A plenary and a citizens' meeting with circulated minutes; the same rows on every call."""
    existing = {m.kind: m for m in Meeting.objects.filter(mesa=personas.mesa_a, title__startswith="Matriz")}
    if len(existing) == 2:
        return MatrixMeetings(plenary=existing[Meeting.Kind.PLENARY], citizens=existing[Meeting.Kind.CITIZENS])
    plenary = make_meeting(personas, title="Matriz: plenaria")
    take_attendance(personas, plenary, {"ana": "present", "beto": "present", "olga": "justified", "sara": "present"})
    make_minutes(plenary, Minutes.Status.CIRCULATED)
    citizens = make_meeting(
        personas,
        kind=Meeting.Kind.CITIZENS,
        title="Matriz: reunión ciudadana",
        days_ago=33,
        agenda=[
            (AgendaItem.Kind.OTHER, "Revisión del orden del día de la plenaria"),
            (AgendaItem.Kind.GENERAL, "Asuntos generales"),
        ],
    )
    make_minutes(citizens, Minutes.Status.CIRCULATED)
    return MatrixMeetings(plenary=plenary, citizens=citizens)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def minutes_url(meeting: Meeting, action: str = "") -> str:
    """The minutes page of `meeting`, or one of its actions (``"entries/"``, ``"acta.pdf"``…)."""
    return f"/m/{meeting.mesa.slug}/meetings/{meeting.public_id}/minutes/{action}"
