"""The private calendar feed: one secret address per person, revocable, listing only visible meetings."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from msj.audit.models import AuditEvent
from msj.meetings import ical, services
from msj.meetings.models import CalendarFeed, Meeting
from msj.meetings.testing import Meetings, make_meeting
from msj.members.models import Membership
from msj.members.testing import SINCE, Personas

pytestmark = pytest.mark.django_db

SETTINGS = reverse("calendar:settings")


def create_feed(client: Any) -> str:
    """Ask for a new address; return its path (the secret is shown once, in this answer)."""
    response = client.post(SETTINGS, {"confirm": "yes"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    match = re.search(r'value="https?://[^/"]+(/calendar/[^"]+\.ics)"', response.content.decode())
    assert match, "the new address is shown"
    return match.group(1)


def uids(client: Any, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    return {str(e["UID"]) for e in calendar.walk("VEVENT")}


def test_a_member_subscribes_to_their_meetings(client: Any, personas: Personas, meetings: Meetings) -> None:
    client.force_login(personas.beto)
    path = create_feed(client)
    feed = CalendarFeed.objects.get(user=personas.beto)
    secret = path.removeprefix("/calendar/").removesuffix(".ics")
    assert secret not in feed.token_hash and len(feed.token_hash) == 64, "only the hash is stored"
    assert secret not in client.get(SETTINGS).content.decode(), "shown once"
    client.logout()  # calendar programs do not sign in
    assert uids(client, path) == {ical.meeting_uid(meetings.plenary), ical.meeting_uid(meetings.citizens)}
    body = client.get(path).content.decode()
    assert meetings.plenary.title not in body and "Reading and follow-up" not in body, "no titles, no agenda"
    assert AuditEvent.objects.filter(object_type="meetings.calendarfeed", action="create").exists()


def test_an_official_sees_no_citizens_or_executive_meeting(client: Any, personas: Personas, meetings: Meetings) -> None:
    client.force_login(personas.olga)
    path = create_feed(client)
    client.logout()
    assert uids(client, path) == {ical.meeting_uid(meetings.plenary)}


def test_drafts_are_left_out_and_cancelled_meetings_marked(client: Any, personas: Personas, meetings: Meetings) -> None:
    make_meeting(personas, Meeting.Kind.WORKSHOP, convene=False)
    services.cancel_meeting(meeting=meetings.citizens, by=personas.sara)
    client.force_login(personas.sara)
    path = create_feed(client)
    calendar = Calendar.from_ical(client.get(path).content)
    status = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert status == {
        ical.meeting_uid(meetings.plenary): "CONFIRMED",
        ical.meeting_uid(meetings.citizens): "CANCELLED",
        ical.meeting_uid(meetings.executive): "CONFIRMED",
    }


def test_meetings_of_every_mesa_of_the_person(client: Any, personas: Personas, meetings: Meetings) -> None:
    Membership.objects.create(mesa=personas.mesa_b, user=personas.beto, kind="citizen", started_on=SINCE)
    other = Meeting.objects.create(
        mesa=personas.mesa_b,
        kind=Meeting.Kind.PLENARY,
        title="Pleno B",
        starts_at=meetings.plenary.starts_at,
        ends_at=meetings.plenary.ends_at,
        place="Tampico",
        status=Meeting.Status.CONVENED,
    )
    client.force_login(personas.beto)
    path = create_feed(client)
    assert ical.meeting_uid(other) in uids(client, path)
    client.force_login(personas.carla)
    assert uids(client, create_feed(client)) == {ical.meeting_uid(other)}


def test_a_revoked_or_unknown_address_is_404(client: Any, personas: Personas, meetings: Meetings) -> None:
    client.force_login(personas.beto)
    first = create_feed(client)
    second = create_feed(client)  # a new address replaces the old one
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.post(reverse("calendar:revoke")).status_code == 302
    assert client.get(second).status_code == 404
    assert client.get(reverse("calendar:feed", kwargs={"secret": "no-such-secret"})).status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_a_disabled_account_or_a_former_member_gets_nothing(
    client: Any, personas: Personas, meetings: Meetings
) -> None:
    client.force_login(personas.beto)
    path = create_feed(client)
    Membership.objects.filter(user=personas.beto).update(status=Membership.Status.SUSPENDED)
    assert uids(client, path) == set()
    personas.beto.is_active = False
    personas.beto.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404


def test_creating_an_address_needs_a_post(client: Any, personas: Personas) -> None:
    client.force_login(personas.beto)
    assert client.get(SETTINGS).status_code == 200
    client.post(SETTINGS, {})
    assert not CalendarFeed.objects.exists()
    assert client.get(reverse("calendar:revoke")).status_code == 405
