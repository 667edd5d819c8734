"""The operating cycle of Mesa A for the API tests: committees, the agenda, meetings and minutes.

Built on the apps' own fixtures (committees, topics, agreements, meetings, minutes), plus
one object per write of the persona matrix, so that one persona's writes never depend on
another's: a committee to dissolve, two requests to join the Prevention committee, a draft
plenary to convene, a plenary to cancel, and minutes in each state. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from msj.agreements.testing import Agreements, make_agreements
from msj.committees import services as committee_services
from msj.committees.models import Committee, CommitteeMember
from msj.committees.testing import DECIDED_ON, MINUTES, CommitteeFixtures, actor, committee_fixtures, membership
from msj.meetings import services as meeting_services
from msj.meetings.models import Meeting
from msj.meetings.testing import make_meeting as make_future_meeting
from msj.members.testing import Personas
from msj.minutes.models import Minutes
from msj.minutes.testing import MatrixMeetings, make_minutes, matrix_meetings
from msj.minutes.testing import make_meeting as make_held_meeting
from msj.topics.models import Topic
from msj.topics.testing import topic_fixture


@dataclass
class Cycle:
    committees: CommitteeFixtures
    to_dissolve: Committee
    ana_request: CommitteeMember
    sara_request: CommitteeMember
    topic: Topic
    agreements: Agreements
    plenary: Meeting  # convened, 10 days ahead
    citizens: Meeting  # a citizens' meeting, convened, 10 days ahead
    draft: Meeting  # a draft plenary, on time to convene
    to_cancel: Meeting  # a convened plenary
    held: MatrixMeetings  # held 30 days ago, circulated minutes; the plenary's invitations synced
    draft_minutes: Meeting
    circulated_minutes: Meeting
    approved_minutes: Meeting
    sealed_minutes: Meeting
    approver: Meeting  # a later held plenary, where minutes are approved


def _pending(personas: Personas, committee: Committee, name: str) -> CommitteeMember:
    person = membership(personas, name)
    row = CommitteeMember.objects.open().filter(committee=committee, membership=person).first()
    return row or committee_services.request_to_join(committee=committee, membership=person)


def _future(personas: Personas, title: str, *, convened: bool, kind: str = Meeting.Kind.PLENARY) -> Meeting:
    """A meeting 10 days ahead, through the service; marked convened without sending e-mail (it is slow)."""
    meeting = Meeting.objects.filter(mesa=personas.mesa_a, title=title).first()
    if meeting is None:
        meeting = make_future_meeting(personas, kind, title=title, convene=False)
        if convened:
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CONVENED, convened_at=timezone.now())
            meeting.refresh_from_db()
    return meeting


def _held(personas: Personas, title: str, days_ago: int, status: str | None, approver: Meeting | None) -> Meeting:
    meeting = Meeting.objects.filter(mesa=personas.mesa_a, title=title).first()
    if meeting is None:
        meeting = make_held_meeting(personas, title=title, days_ago=days_ago)
        if status is not None:
            make_minutes(meeting, status, approved_at=approver)
    return meeting


def make_cycle(personas: Personas) -> Cycle:
    committees = committee_fixtures(personas)
    to_dissolve = Committee.objects.filter(mesa=personas.mesa_a, name="Comité por disolver").first()
    if to_dissolve is None:
        to_dissolve = committee_services.create_committee(
            mesa=personas.mesa_a,
            name="Comité por disolver",
            coordinator=membership(personas, "ana"),
            alternate=membership(personas, "beto"),
            manual_text="Manual.",
            decided_on=DECIDED_ON,
            minutes_reference=MINUTES,
            by=actor(personas, "sara"),
        )
    held = matrix_meetings(personas)
    meeting_services.sync_invitations(held.plenary)
    approver = _held(personas, "Pleno que aprueba actas", 2, None, None)
    return Cycle(
        committees=committees,
        to_dissolve=to_dissolve,
        ana_request=_pending(personas, committees.prevention, "ana"),
        sara_request=_pending(personas, committees.prevention, "sara"),
        topic=topic_fixture(personas),
        agreements=make_agreements(personas),
        plenary=_future(personas, "Pleno ordinario", convened=True),
        citizens=_future(personas, "Reunión ciudadana previa", convened=True, kind=Meeting.Kind.CITIZENS),
        draft=_future(personas, "Pleno en borrador", convened=False),
        to_cancel=_future(personas, "Pleno por cancelar", convened=True),
        held=held,
        draft_minutes=_held(personas, "Actas en borrador", 40, Minutes.Status.DRAFT, None),
        circulated_minutes=_held(personas, "Actas por aprobar", 45, Minutes.Status.CIRCULATED, None),
        approved_minutes=_held(personas, "Actas por sellar", 50, Minutes.Status.APPROVED, approver),
        sealed_minutes=_held(personas, "Actas selladas", 55, Minutes.Status.SEALED, approver),
        approver=approver,
    )


def in_days(personas: Personas, days: int) -> dt.date:
    return personas.mesa_a.today() + dt.timedelta(days=days)
