"""Where a meeting's page links to its minutes.

The minutes sit above the meetings: the meeting's page asks this tag rather than knowing
about minutes itself, and the tag answers with the minutes' own policy.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from msj.meetings.models import Meeting
from msj.minutes.models import Minutes
from msj.minutes.policies import is_writer, minutes_policy

register = template.Library()


@register.simple_tag(takes_context=True)
def minutes_url(context: dict[str, Any], meeting: Meeting) -> str:
    """The minutes' address when the reader may open them, else an empty string.

    Writers may start the minutes once the meeting has begun; readers see them once they
    leave the draft, exactly when the minutes page itself would answer.
    """
    actor = getattr(context.get("request"), "actor", None)
    if actor is None or meeting.status == Meeting.Status.CANCELLED:
        return ""
    may_open = (is_writer(actor) and meeting.starts_at <= timezone.now()) or minutes_policy.visible(
        actor, Minutes.objects.filter(meeting=meeting)
    ).exists()
    if not may_open:
        return ""
    return reverse("minutes:detail", kwargs={"mesa_slug": meeting.mesa.slug, "meeting_id": meeting.public_id})
