"""The one way from a URL to a meeting and its minutes."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from msj.meetings.models import Meeting
from msj.meetings.policies import meeting_policy
from msj.members.access import Actor
from msj.minutes.models import Minutes
from msj.minutes.policies import is_writer, minutes_policy


def get_meeting(request: HttpRequest, meeting_id: uuid.UUID | str) -> Meeting:
    """Return the meeting if the caller may see it; 404 for missing and invisible alike."""
    return meeting_for(request.actor, meeting_id)  # type: ignore[attr-defined]


def get_minutes(request: HttpRequest, meeting: Meeting, *, write: bool = False) -> Minutes:
    """Return the meeting's minutes as the caller may see them, or 404 (see `minutes_for`)."""
    return minutes_for(request.actor, meeting, write=write)  # type: ignore[attr-defined]


def meeting_for(actor: Actor, meeting_id: uuid.UUID | str) -> Meeting:
    """Return the meeting of the actor's Mesa if they may see it; 404 for missing and invisible alike."""
    meeting = meeting_policy.get(actor, Meeting.objects.select_related("committee"), meeting_id)
    meeting.mesa = actor.mesa  # the same row, already loaded
    return meeting


def minutes_for(actor: Actor, meeting: Meeting, *, write: bool = False) -> Minutes:
    """Return the meeting's minutes as the actor may see them, or 404.

    Writers get an unsaved draft when nothing has been written yet; readers get 404 for
    minutes that do not exist or are still a draft, exactly as for a meeting they cannot see.
    With `write`, refuse (403) those who may read the minutes but not write them.
    """
    minutes = minutes_policy.visible(actor, Minutes.objects.filter(meeting=meeting)).first()
    if minutes is None:
        if not is_writer(actor):
            raise Http404
        minutes = Minutes(meeting=meeting)
    minutes.meeting = meeting
    if write:
        minutes_policy.require(actor, "write", minutes)
    return minutes
