"""Who sees which meeting, at every edge of DOMAIN.md §4.7, and who may run it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from msj.committees.models import CommitteeMember
from msj.committees.testing import committee_fixtures
from msj.meetings import services
from msj.meetings.models import Invitation, Meeting
from msj.meetings.policies import meeting_policy
from msj.meetings.testing import Meetings, make_meeting
from msj.members.access import actor_for
from msj.members.models import Membership
from msj.members.testing import Personas

from .helpers import actor, membership, new_member

pytestmark = pytest.mark.django_db
JOINED = dt.date(2024, 6, 1)


def sees(personas: Personas, who: str | object, meeting: Meeting) -> bool:
    a = actor(personas, who) if isinstance(who, str) else who
    return meeting_policy.visible(a, Meeting.objects.filter(pk=meeting.pk)).exists()  # type: ignore[arg-type]


def test_plenary_is_seen_by_every_current_member(personas: Personas, meetings: Meetings) -> None:
    for name in ("ana", "eva", "beto", "olga", "sara"):
        assert sees(personas, name, meetings.plenary), name
    honorary, _m = new_member(personas, "honoria", Membership.Kind.HONORARY)
    assert sees(personas, actor_for(honorary, personas.mesa_a), meetings.plenary)
    # Volunteers work in committees: the plenary is not theirs unless they are invited.
    volunteer, _m = new_member(personas, "valentin", Membership.Kind.VOLUNTEER)
    assert not sees(personas, actor_for(volunteer, personas.mesa_a), meetings.plenary)


def test_outsiders_and_network_staff_see_nothing(personas: Personas, meetings: Meetings) -> None:
    nora = actor_for(personas.nora, personas.mesa_a)
    assert nora is not None and not nora.is_member
    assert not meeting_policy.visible(nora, Meeting.objects.all()).exists()
    carla = actor_for(personas.carla, personas.mesa_b)
    assert carla is not None
    assert not meeting_policy.visible(carla, Meeting.objects.all()).exists()


def test_citizens_meeting_is_never_seen_by_officials(personas: Personas, meetings: Meetings) -> None:
    for name in ("ana", "eva", "beto", "sara"):
        assert sees(personas, name, meetings.citizens), name
    assert not sees(personas, "olga", meetings.citizens)
    honorary, _m = new_member(personas, "honoria", Membership.Kind.HONORARY)
    assert not sees(personas, actor_for(honorary, personas.mesa_a), meetings.citizens)


def test_an_official_invited_to_present_sees_that_citizens_meeting_only(personas: Personas, meetings: Meetings) -> None:
    other = make_meeting(personas, Meeting.Kind.CITIZENS, title="Otra reunión ciudadana", days=20)
    services.invite(
        meeting=meetings.citizens,
        membership=membership(personas, "olga"),
        role=Invitation.Role.PRESENTER,
        by=actor(personas, "sara"),
    )
    assert sees(personas, "olga", meetings.citizens)
    assert not sees(personas, "olga", other)


def test_executive_meeting_is_for_the_executive_committee_and_the_secretary(
    personas: Personas, meetings: Meetings
) -> None:
    for name in ("ana", "eva", "sara"):
        assert sees(personas, name, meetings.executive), name
    for name in ("beto", "olga"):
        assert not sees(personas, name, meetings.executive), name
    with pytest.raises(ValidationError):
        services.invite(
            meeting=meetings.executive,
            membership=membership(personas, "olga"),
            role=Invitation.Role.PRESENTER,
            by=actor(personas, "sara"),
        )
    # Even an invitation written behind the services' back opens nothing.
    Invitation.objects.create(meeting=meetings.executive, membership=membership(personas, "beto"))
    assert not sees(personas, "beto", meetings.executive)


def test_honour_hearing_is_for_the_executive_committee_only(personas: Personas) -> None:
    hearing = make_meeting(personas, Meeting.Kind.HONOUR, convene=False)
    # Created by the secretary in this fixture, but she does not sit on the Honour Committee.
    Meeting.objects.filter(pk=hearing.pk).update(status=Meeting.Status.CONVENED)
    for name in ("ana", "eva"):
        assert sees(personas, name, hearing), name
    for name in ("beto", "olga", "sara"):
        assert not sees(personas, name, hearing), name
    assert meeting_policy.can(actor(personas, "ana"), "edit", hearing)
    assert not meeting_policy.can(actor(personas, "sara"), "edit", hearing)


def test_committee_meeting_visibility(personas: Personas) -> None:
    prevention = committee_fixtures(personas).prevention
    meeting = make_meeting(personas, Meeting.Kind.COMMITTEE, committee=prevention)
    for name in ("ana", "eva", "beto", "sara"):  # citizens, the Executive Committee, the secretary
        assert sees(personas, name, meeting), name
    assert not sees(personas, "olga", meeting)
    olga = membership(personas, "olga")
    seat = CommitteeMember.objects.create(committee=prevention, membership=olga, status=CommitteeMember.Status.PENDING)
    assert not sees(personas, "olga", meeting), "a pending request is no seat"
    CommitteeMember.objects.filter(pk=seat.pk).update(status=CommitteeMember.Status.APPROVED, joined_on=JOINED)
    assert sees(personas, "olga", meeting)
    CommitteeMember.objects.filter(pk=seat.pk).update(left_on=dt.date(2025, 1, 1))  # after JOINED
    assert not sees(personas, "olga", meeting), "who left the committee no longer sees its meetings"
    services.invite(meeting=meeting, membership=olga, role=Invitation.Role.GUEST, by=actor(personas, "sara"))
    assert sees(personas, "olga", meeting)


def test_a_volunteer_on_a_committee_sees_its_meetings(personas: Personas) -> None:
    prevention = committee_fixtures(personas).prevention
    meeting = make_meeting(personas, Meeting.Kind.COMMITTEE, committee=prevention)
    user, m = new_member(personas, "valentin", Membership.Kind.VOLUNTEER)
    CommitteeMember.objects.create(
        committee=prevention, membership=m, status=CommitteeMember.Status.APPROVED, joined_on=JOINED
    )
    volunteer = actor_for(user, personas.mesa_a)
    assert sees(personas, volunteer, meeting)
    assert not sees(personas, volunteer, make_meeting(personas, Meeting.Kind.PLENARY, title="Pleno 2"))


def test_other_meetings_are_seen_by_every_current_member(personas: Personas) -> None:
    workshop = make_meeting(personas, Meeting.Kind.WORKSHOP)
    for name in ("ana", "eva", "beto", "olga", "sara"):
        assert sees(personas, name, workshop), name


def test_a_draft_is_seen_only_by_those_who_run_it(personas: Personas) -> None:
    draft = make_meeting(personas, Meeting.Kind.PLENARY, convene=False)
    assert sees(personas, "ana", draft) and sees(personas, "sara", draft)
    for name in ("eva", "beto", "olga"):
        assert not sees(personas, name, draft), name
    prevention = committee_fixtures(personas).prevention
    committee_draft = make_meeting(personas, Meeting.Kind.COMMITTEE, committee=prevention, convene=False)
    assert sees(personas, "beto", committee_draft), "Beto coordinates the committee"
    assert sees(personas, "eva", committee_draft), "Eva is its alternate"


def test_who_may_run_meetings(personas: Personas, meetings: Meetings) -> None:
    fixtures = committee_fixtures(personas)
    for name in ("ana", "sara"):
        assert meeting_policy.can(actor(personas, name), "create"), name
        assert meeting_policy.can(actor(personas, name), "convene", meetings.plenary), name
    assert not meeting_policy.can(actor(personas, "olga"), "create")
    assert not meeting_policy.can(actor(personas, "eva"), "edit", meetings.plenary)
    beto = actor(personas, "beto")
    assert meeting_policy.can(beto, "create")
    assert meeting_policy.may_run_kinds(beto) == [Meeting.Kind.COMMITTEE]
    assert not meeting_policy.can(beto, "edit", meetings.plenary)
    ours = make_meeting(personas, Meeting.Kind.COMMITTEE, committee=fixtures.prevention)
    assert meeting_policy.can(beto, "convene", ours)
    indicators = make_meeting(personas, Meeting.Kind.COMMITTEE, committee=fixtures.indicators)
    assert not meeting_policy.can(beto, "convene", indicators)
    assert Meeting.Kind.HONOUR not in meeting_policy.may_run_kinds(actor(personas, "sara"))
    assert Meeting.Kind.HONOUR in meeting_policy.may_run_kinds(actor(personas, "ana"))
