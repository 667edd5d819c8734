"""The meeting's page links to its minutes exactly when the minutes page would open."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from msj.meetings.models import Meeting
from msj.members.testing import Personas
from msj.minutes.models import Minutes
from msj.minutes.testing import make_meeting, signed_in


def page(personas: Personas, who: str, meeting: Meeting) -> str:
    client = signed_in(personas.all()[who])  # type: ignore[arg-type]
    url = reverse("meetings:detail", kwargs={"mesa_slug": meeting.mesa.slug, "public_id": meeting.public_id})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def minutes_url(meeting: Meeting) -> str:
    return reverse("minutes:detail", kwargs={"mesa_slug": meeting.mesa.slug, "meeting_id": meeting.public_id})


def test_writers_start_the_minutes_once_the_meeting_has_begun(personas: Personas) -> None:
    held = make_meeting(personas)
    ahead = make_meeting(personas, title="Sesión futura", days_ago=-5)
    assert minutes_url(held) in page(personas, "sara", held)
    assert minutes_url(ahead) not in page(personas, "sara", ahead)


def test_readers_see_the_link_once_the_minutes_leave_the_draft(personas: Personas) -> None:
    meeting = make_meeting(personas)
    assert minutes_url(meeting) not in page(personas, "beto", meeting)  # nothing written yet
    minutes = Minutes.objects.create(meeting=meeting)
    assert minutes_url(meeting) not in page(personas, "beto", meeting)  # a draft is the writers'
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.CIRCULATED, circulated_at=timezone.now())
    assert minutes_url(meeting) in page(personas, "beto", meeting)
    assert minutes_url(meeting) in page(personas, "olga", meeting)


def test_the_profile_links_the_private_calendar(personas: Personas) -> None:
    client = signed_in(personas.beto)
    assert reverse("calendar:settings") in client.get(reverse("accounts:profile")).content.decode()
