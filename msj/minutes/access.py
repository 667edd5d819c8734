"""The one way from a URL to a meeting and its minutes."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from msj.meetings.models import Meeting
from msj.meetings.policies import meeting_policy
from msj.minutes.models import Minutes
from msj.minutes.policies import is_writer, minutes_policy


def get_meeting(request: HttpRequest, meeting_id: uuid.UUID | str) -> Meeting:
    """Return the meeting if the caller may see it; 404 for missing and invisible alike."""
    actor = request.actor  # type: ignore[attr-defined]
    meeting = meeting_policy.get(actor, Meeting.objects.select_related("committee"), meeting_id)
    meeting.mesa = request.mesa  # type: ignore[attr-defined]  # the same row, already loaded
    return meeting


def get_minutes(request: HttpRequest, meeting: Meeting, *, write: bool = False) -> Minutes:
    """Return the meeting's minutes as the caller may see them, or 404.

    Writers get an unsaved draft when nothing has been written yet; readers get 404 for
    minutes that do not exist or are still a draft, exactly as for a meeting they cannot see.
    """
    actor = request.actor  # type: ignore[attr-defined]
    minutes = minutes_policy.visible(actor, Minutes.objects.filter(meeting=meeting)).first()
    if minutes is None:
        if not is_writer(actor):
            raise Http404
        minutes = Minutes(meeting=meeting)
    minutes.meeting = meeting
    if write:
        minutes_policy.require(actor, "write", minutes)
    return minutes
