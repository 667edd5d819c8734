"""iCalendar (RFC 5545) for meetings: invitations by e-mail (iTIP, RFC 5546) and the private feed.

Nothing confidential goes into a calendar: a meeting appears as its kind, its Mesa (and its
committee), its time, its place or video link and the address of its page. Never its title,
its agenda or who else is invited: calendars are synchronised to phones and third-party
services outside the Mesa's control.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from msj.meetings.models import Meeting

PRODID = "-//msj//Mesas de Seguridad y Justicia//ES"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def meeting_url(meeting: Meeting) -> str:
    path = reverse("meetings:detail", kwargs={"mesa_slug": meeting.mesa.slug, "public_id": meeting.public_id})
    return f"{settings.SITE_URL}{path}"


def meeting_uid(meeting: Meeting) -> str:
    """The same for the life of the meeting, so that an update replaces the invitation."""
    host = urlsplit(settings.SITE_URL).hostname or "msj.invalid"
    return f"meeting-{meeting.public_id}@{host}"


def meeting_summary(meeting: Meeting) -> str:
    """The meeting's name in a calendar, in the active language: its kind and body, never its title."""
    if meeting.committee_id is not None:
        return _("%(kind)s: %(committee)s, %(mesa)s") % {
            "kind": meeting.get_kind_display(),
            "committee": meeting.committee.name,  # type: ignore[union-attr]
            "mesa": meeting.mesa.name,
        }
    return _("%(kind)s, %(mesa)s") % {"kind": meeting.get_kind_display(), "mesa": meeting.mesa.name}


def _organizer(meeting: Meeting) -> vCalAddress:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@msj.invalid"
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = meeting.mesa.name
    return organizer


def _event(meeting: Meeting, *, cancelled: bool, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    event.add("summary", meeting_summary(meeting))
    location = meeting.place or meeting.video_url
    if location:
        event.add("location", location)
    url = meeting_url(meeting)
    event.add("url", url)
    event.add("description", _("Details and replies: %(url)s") % {"url": url})
    event.add("organizer", _organizer(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def invitation_ics(meeting: Meeting, *, method: str, attendee_email: str, attendee_name: str) -> str:
    """One invitee's invitation (REQUEST) or cancellation (CANCEL) at the meeting's SEQUENCE.

    Replies are made on the meeting's page, so RSVP is off: a calendar's own reply would go
    to an address nobody reads.
    """
    event = _event(meeting, cancelled=method == CANCEL, stamp=timezone.now())
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = attendee_name
    attendee.params["role"] = "REQ-PARTICIPANT"
    attendee.params["partstat"] = "NEEDS-ACTION"
    attendee.params["rsvp"] = "FALSE"
    event.add("attendee", attendee)
    calendar = _calendar(method)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> str:
    """A person's calendar feed: their meetings, cancelled ones marked so calendars drop them."""
    calendar = _calendar(PUBLISH)
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(
            _event(meeting, cancelled=meeting.status == Meeting.Status.CANCELLED, stamp=meeting.updated_at)
        )
    return calendar.to_ical().decode()
