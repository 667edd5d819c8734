"""The list and the meeting page cost a fixed number of queries, whatever the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from msj.agreements.models import Agreement
from msj.meetings.models import Attendance, Invitation, Meeting
from msj.meetings.testing import Meetings, make_meeting
from msj.members.models import Membership
from msj.members.testing import Personas

from .helpers import new_member

pytestmark = pytest.mark.django_db

LIST_QUERIES = 13
DETAIL_QUERIES = 17


def list_url() -> str:
    return reverse("meetings:list", kwargs={"mesa_slug": "mesa-a"})


def detail_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", kwargs={"mesa_slug": "mesa-a", "public_id": meeting.public_id})


def test_the_list_does_not_grow_with_the_meetings(
    client: Any, personas: Personas, meetings: Meetings, django_assert_max_num_queries: Any
) -> None:
    client.force_login(personas.sara)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(list_url()).status_code == 200
    for n in range(12):
        past = make_meeting(personas, Meeting.Kind.PLENARY, days=20 + n, title=f"Pleno {n}", convene=False)
        Meeting.objects.filter(pk=past.pk).update(
            starts_at=past.starts_at - dt.timedelta(days=60),
            ends_at=past.ends_at - dt.timedelta(days=60),
            status=Meeting.Status.HELD,
        )
        make_meeting(personas, Meeting.Kind.CITIZENS, days=20 + n, title=f"Ciudadana {n}")
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(list_url(), {"kind": "", "committee": ""})
    assert page.status_code == 200
    assert "Pleno 11" in page.content.decode() and "Ciudadana 11" in page.content.decode()


def test_the_meeting_page_does_not_grow_with_invitees_and_agreements(
    client: Any, personas: Personas, meetings: Meetings, django_assert_max_num_queries: Any
) -> None:
    meeting = meetings.plenary
    client.force_login(personas.sara)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(detail_url(meeting)).status_code == 200
    sara = personas.sara
    for n in range(25):
        _user, m = new_member(personas, f"persona{n}", Membership.Kind.CITIZEN)
        Invitation.objects.create(meeting=meeting, membership=m, reply=Invitation.Reply.ATTENDING)
        Attendance.objects.create(meeting=meeting, membership=m, status="present", recorded_by=sara)
        Agreement.objects.create(
            mesa=personas.mesa_a, year=2026, number=n + 1, text=f"Acuerdo {n}", due_on=dt.date(2026, 1, 1)
        )
    with django_assert_max_num_queries(DETAIL_QUERIES):
        page = client.get(detail_url(meeting))
    assert page.status_code == 200
    assert "Persona24" in page.content.decode() and "2026-025" in page.content.decode()
    client.force_login(personas.beto)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(detail_url(meeting)).status_code == 200
