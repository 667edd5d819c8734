"""Creating, convening, changing and cancelling meetings through HTTP, with their iCalendar invitations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from msj.accounts.models import User
from msj.agreements.models import Agreement
from msj.audit.models import AuditEvent
from msj.meetings import ical
from msj.meetings.models import AgendaItem, Invitation, Meeting
from msj.meetings.testing import Meetings, make_meeting
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail

from .helpers import item_title, membership

pytestmark = pytest.mark.django_db


def url(name: str, meeting: Meeting, **kwargs: Any) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"mesa_slug": meeting.mesa.slug, "public_id": meeting.public_id, **kwargs}
    )


def form_data(day: dt.date, **overrides: str) -> dict[str, str]:
    data = {
        "kind": "plenary",
        "title": "Pleno de marzo",
        "date": day.isoformat(),
        "starts": "18:00",
        "ends": "20:00",
        "place": "Sala de cabildo",
        "video_url": "",
    }
    data.update(overrides)
    return data


def parse(email: OutboundEmail) -> Calendar:
    [attachment] = email.attachments
    assert attachment["mimetype"].startswith("text/calendar")
    return Calendar.from_ical(attachment["content"])


def test_the_secretary_creates_a_plenary_with_its_agenda_and_invitees(client: Any, personas: Personas) -> None:
    client.force_login(personas.sara)
    day = personas.mesa_a.today() + dt.timedelta(days=10)
    response = client.post(reverse("meetings:create", kwargs={"mesa_slug": "mesa-a"}), form_data(day))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Pleno de marzo")
    assert meeting.status == Meeting.Status.DRAFT
    # 18:00 where the Mesa sits (Ciudad Juárez), stored in UTC.
    local_start = meeting.starts_at.astimezone(personas.mesa_a.tzinfo)
    assert (local_start.date(), local_start.hour, local_start.minute) == (day, 18, 0)
    assert list(meeting.agenda.order_by("position").values_list("kind", flat=True)) == [
        "introductions",
        "agreements",
        "authorities",
        "committees",
        "indicators",
        "general",
    ]
    invited = set(meeting.invitations.values_list("membership__user__email", flat=True))
    assert invited == {"ana@example.org", "eva@example.org", "beto@example.org", "olga@example.org", "sara@example.org"}
    assert not OutboundEmail.objects.exists(), "nobody is told before the meeting is convened"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert item_title("agreements") in page.content.decode()
    assert AuditEvent.objects.filter(object_type="meetings.meeting", action="create").count() == 1


@pytest.mark.parametrize(
    ("kind", "agenda"),
    [
        ("citizens", ["plenary_review", "agreements", "committees", "general"]),
        ("executive", ["agreements", "general"]),
        ("workshop", ["general"]),
    ],
)
def test_each_kind_gets_its_agenda_template(personas: Personas, kind: str, agenda: list[str]) -> None:
    meeting = make_meeting(personas, kind, convene=False)
    assert list(meeting.agenda.order_by("position").values_list("kind", flat=True)) == agenda


def test_a_committee_meeting_needs_its_committee(client: Any, personas: Personas) -> None:
    client.force_login(personas.sara)
    day = personas.mesa_a.today() + dt.timedelta(days=10)
    response = client.post(reverse("meetings:create", kwargs={"mesa_slug": "mesa-a"}), form_data(day, kind="committee"))
    assert response.status_code == 200
    assert "Choose the committee that meets." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_place_or_a_video_link_is_required(client: Any, personas: Personas) -> None:
    client.force_login(personas.ana)
    day = personas.mesa_a.today() + dt.timedelta(days=10)
    response = client.post(reverse("meetings:create", kwargs={"mesa_slug": "mesa-a"}), form_data(day, place=""))
    assert response.status_code == 200
    assert "Give a place or a video link." in response.content.decode()
    response = client.post(
        reverse("meetings:create", kwargs={"mesa_slug": "mesa-a"}),
        form_data(day, place="", video_url="https://meet.example.org/pleno"),
    )
    assert response.status_code == 302


def test_convening_sends_one_invitation_per_invitee_with_an_ics(client: Any, personas: Personas) -> None:
    meeting = make_meeting(personas, Meeting.Kind.PLENARY, convene=False, title="Caso Pérez: seguimiento")
    client.force_login(personas.sara)
    response = client.post(url("convene", meeting))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED and meeting.convened_at is not None
    emails = list(OutboundEmail.objects.order_by("pk"))
    assert len(emails) == meeting.invitations.count() == 5
    assert {e.to[0] for e in emails} == set(meeting.invitations.values_list("membership__user__email", flat=True))
    for email in emails:
        calendar = parse(email)
        [event] = calendar.walk("VEVENT")
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == ical.meeting_uid(meeting)
        assert int(event["SEQUENCE"]) == 0
        start = event.decoded("DTSTART")
        assert start.utcoffset() == dt.timedelta(0), "DTSTART is in UTC"
        assert start == meeting.starts_at
        assert start.astimezone(personas.mesa_a.tzinfo).hour == 18, "18:00 where the Mesa sits"
        assert "mailto:" in str(event["ORGANIZER"]) and event["ORGANIZER"].params["CN"] == "Mesa A"
        # Nothing deliberative: no title, no agenda, only the kind, the time, the place and the link.
        content = email.subject + email.body_text + email.attachments[0]["content"]
        assert "Pérez" not in content
        assert "Authorities" not in content and "Informes" not in content
        assert ical.meeting_url(meeting) in email.body_text
    # Convening twice is refused and sends nothing more.
    response = client.post(url("convene", meeting))
    assert OutboundEmail.objects.count() == 5


def test_emails_are_in_the_invitees_language(client: Any, personas: Personas) -> None:
    User.objects.filter(pk=personas.beto.pk).update(preferred_language="es-mx")
    with translation.override("es-mx"):
        plenary_es = str(Meeting.Kind.PLENARY.label)
    make_meeting(personas, Meeting.Kind.PLENARY)
    email = OutboundEmail.objects.get(to=["ana@example.org"])
    assert email.subject.startswith("Convocation: Plenary, Mesa A")
    assert str(parse(email).walk("VEVENT")[0]["SUMMARY"]) == "Plenary, Mesa A"
    spanish = OutboundEmail.objects.get(to=["beto@example.org"])
    assert str(parse(spanish).walk("VEVENT")[0]["SUMMARY"]) == f"{plenary_es}, Mesa A"


def test_a_late_convocation_is_refused(client: Any, personas: Personas) -> None:
    meeting = make_meeting(personas, Meeting.Kind.PLENARY, days=2, convene=False)
    client.force_login(personas.sara)
    page = client.get(url("detail", meeting)).content.decode()
    assert "It is too late for an ordinary convocation" in page
    response = client.post(url("convene", meeting), follow=True)
    assert "It is too late to convene this meeting" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and not meeting.extraordinary
    assert not OutboundEmail.objects.exists()


def test_a_late_convocation_is_accepted_when_extraordinary_with_a_reason(client: Any, personas: Personas) -> None:
    meeting = make_meeting(personas, Meeting.Kind.PLENARY, days=1, convene=False)
    client.force_login(personas.sara)
    client.post(url("convene", meeting), {"extraordinary_reason": "Ola de secuestros esta semana."})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert meeting.extraordinary and meeting.extraordinary_reason == "Ola de secuestros esta semana."
    assert OutboundEmail.objects.count() == 5
    assert "Ola de secuestros" in client.get(url("detail", meeting)).content.decode()


def test_marking_a_meeting_extraordinary_needs_a_reason(client: Any, personas: Personas) -> None:
    meeting = make_meeting(personas, Meeting.Kind.PLENARY, days=1, convene=False)
    client.force_login(personas.ana)
    day = meeting.local_date()
    response = client.post(url("edit", meeting), form_data(day, extraordinary="on", extraordinary_reason=" "))
    assert response.status_code == 200
    assert "needs the reason it is extraordinary" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.extraordinary


def test_changing_a_convened_meeting_sends_an_update(client: Any, personas: Personas, meetings: Meetings) -> None:
    meeting = meetings.plenary
    OutboundEmail.objects.all().delete()
    client.force_login(personas.sara)
    day = meeting.local_date() + dt.timedelta(days=1)
    response = client.post(url("edit", meeting), form_data(day, title=meeting.title, starts="17:30", ends="19:00"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    emails = list(OutboundEmail.objects.all())
    assert len(emails) == 5
    event = parse(emails[0]).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == ical.meeting_uid(meeting)
    start = event.decoded("DTSTART").astimezone(personas.mesa_a.tzinfo)
    assert (start.date(), start.hour, start.minute) == (day, 17, 30)
    assert emails[0].subject.startswith("Changed: Plenary, Mesa A")


def test_changing_only_the_title_sends_nothing(client: Any, personas: Personas, meetings: Meetings) -> None:
    meeting = meetings.plenary
    OutboundEmail.objects.all().delete()
    client.force_login(personas.sara)
    client.post(
        url("edit", meeting), form_data(meeting.local_date(), title="Pleno ordinario de noviembre", place=meeting.place)
    )
    meeting.refresh_from_db()
    assert meeting.title == "Pleno ordinario de noviembre" and meeting.sequence == 0
    assert not OutboundEmail.objects.exists()


def test_bringing_a_convened_meeting_forward_obeys_the_notice_rule(
    client: Any, personas: Personas, meetings: Meetings
) -> None:
    meeting = meetings.plenary
    client.force_login(personas.sara)
    day = personas.mesa_a.today() + dt.timedelta(days=2)
    response = client.post(url("edit", meeting), form_data(day, title=meeting.title))
    assert response.status_code == 200
    assert "It is too late to convene this meeting" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and meeting.local_date() != day


def test_cancelling_sends_a_cancel(client: Any, personas: Personas, meetings: Meetings) -> None:
    meeting = meetings.citizens
    OutboundEmail.objects.all().delete()
    client.force_login(personas.ana)
    assert client.post(url("cancel", meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED, "not confirmed, not cancelled"
    client.post(url("cancel", meeting), {"confirm": "yes"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1
    emails = list(OutboundEmail.objects.all())
    assert len(emails) == 4  # the citizens and the secretary
    calendar = parse(emails[0])
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == ical.meeting_uid(meeting)


def test_an_official_gets_404_on_citizens_and_executive_meetings(
    client: Any, personas: Personas, meetings: Meetings
) -> None:
    client.force_login(personas.olga)
    assert client.get(url("detail", meetings.plenary)).status_code == 200
    assert client.get(url("detail", meetings.citizens)).status_code == 404
    assert client.get(url("detail", meetings.executive)).status_code == 404
    page = client.get(reverse("meetings:list", kwargs={"mesa_slug": "mesa-a"})).content.decode()
    assert meetings.plenary.title in page
    assert meetings.citizens.title not in page and meetings.executive.title not in page
    client.force_login(personas.beto)
    assert client.get(url("detail", meetings.executive)).status_code == 404


def test_an_outsider_gets_404(client: Any, personas: Personas, meetings: Meetings) -> None:
    client.force_login(personas.carla)
    for meeting in (meetings.plenary, meetings.citizens):
        assert client.get(url("detail", meeting)).status_code == 404
    # Her own Mesa's slug with Mesa A's meeting: still 404.
    other = reverse("meetings:detail", kwargs={"mesa_slug": "mesa-b", "public_id": meetings.plenary.public_id})
    assert client.get(other).status_code == 404


def test_get_never_changes_data(client: Any, personas: Personas, meetings: Meetings) -> None:
    from tests.test_persona_matrix import table_rows

    client.force_login(personas.sara)
    before = table_rows()
    for name in ("detail", "edit", "qr"):
        assert client.get(url(name, meetings.plenary)).status_code == 200
    for name in ("convene", "cancel", "reply", "attendance", "invite", "agenda_add"):
        assert client.get(url(name, meetings.plenary)).status_code == 405
    assert table_rows() == before


class TestAgenda:
    def test_items_are_added_before_general_matters(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.executive
        client.force_login(personas.sara)
        client.post(url("agenda_add", meeting), {"title": "Informe del coordinador"})
        client.post(url("agenda_add", meeting), {"title": "Presupuesto del evento"})
        items = list(meeting.agenda.order_by("position"))
        assert [i.title for i in items] == [
            item_title("agreements"),
            "Informe del coordinador",
            "Presupuesto del evento",
            item_title("general"),
        ]

    def test_items_move_up_and_down_but_general_matters_stays_last(
        self, client: Any, personas: Personas, meetings: Meetings
    ) -> None:
        meeting = meetings.citizens
        client.force_login(personas.ana)
        items = list(meeting.agenda.order_by("position"))
        review, agreements, committees, general = items
        client.post(url("agenda_move", meeting, item_id=review.public_id), {"direction": "down"})
        assert list(meeting.agenda.order_by("position")) == [agreements, review, committees, general]
        client.post(url("agenda_move", meeting, item_id=review.public_id), {"direction": "up"})
        assert list(meeting.agenda.order_by("position")) == [review, agreements, committees, general]
        response = client.post(
            url("agenda_move", meeting, item_id=committees.public_id), {"direction": "down"}, follow=True
        )
        assert "cannot move further" in response.content.decode()
        response = client.post(url("agenda_move", meeting, item_id=general.public_id), {"direction": "up"}, follow=True)
        assert "always the last item" in response.content.decode()
        assert list(meeting.agenda.order_by("position")) == [review, agreements, committees, general]
        assert sorted(meeting.agenda.values_list("position", flat=True)) == [1, 2, 3, 4]

    def test_a_presenter_must_be_invited(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.citizens
        item = meeting.agenda.get(kind=AgendaItem.Kind.COMMITTEES)
        olga = membership(personas, "olga")
        client.force_login(personas.sara)
        client.post(url("agenda_presenter", meeting, item_id=item.public_id), {"presenter": str(olga.public_id)})
        item.refresh_from_db()
        assert item.presenter is None
        client.post(url("invite", meeting), {"membership": str(olga.public_id), "role": "presenter"})
        invitation = Invitation.objects.get(meeting=meeting, membership=olga)
        assert invitation.role == Invitation.Role.PRESENTER
        sent = OutboundEmail.objects.filter(to=["olga@example.org"], idempotency_key__contains=str(meeting.public_id))
        assert sent.count() == 1, "convened: she gets the invitation"
        client.post(url("agenda_presenter", meeting, item_id=item.public_id), {"presenter": str(olga.public_id)})
        item.refresh_from_db()
        assert item.presenter == olga

    def test_the_agenda_lists_the_bodys_open_agreements(
        self, client: Any, personas: Personas, meetings: Meetings
    ) -> None:
        mesa = personas.mesa_a
        today = mesa.today()

        def agreement(number: int, audience: str, due: dt.date, status: str = "open") -> Agreement:
            closed = today if status in {"done", "cancelled"} else None
            return Agreement.objects.create(
                mesa=mesa,
                year=2026,
                number=number,
                text=f"Acuerdo número {number}",
                audience=audience,
                due_on=due,
                status=status,
                closed_on=closed,
            )

        agreement(1, "mesa", today - dt.timedelta(days=3))
        agreement(2, "mesa", today + dt.timedelta(days=30))
        agreement(3, "citizens", today + dt.timedelta(days=30))
        agreement(4, "executive", today + dt.timedelta(days=30))
        agreement(5, "mesa", today - dt.timedelta(days=30), status="done")
        client.force_login(personas.beto)
        plenary = client.get(url("detail", meetings.plenary)).content.decode()
        assert "2026-001" in plenary and "2026-002" in plenary
        assert "2026-003" not in plenary and "2026-004" not in plenary and "2026-005" not in plenary
        assert plenary.count("Overdue") == 1
        citizens = client.get(url("detail", meetings.citizens)).content.decode()
        assert "2026-003" in citizens and "2026-004" not in citizens
        client.force_login(personas.eva)
        executive = client.get(url("detail", meetings.executive)).content.decode()
        assert all(f"2026-00{n}" in executive for n in (1, 2, 3, 4))
        # Olga, invited to present at the citizens' meeting, reads only what every member reads.
        Invitation.objects.create(
            meeting=meetings.citizens, membership=membership(personas, "olga"), role=Invitation.Role.PRESENTER
        )
        client.force_login(personas.olga)
        citizens = client.get(url("detail", meetings.citizens)).content.decode()
        assert "2026-001" in citizens and "2026-003" not in citizens


def test_a_committee_coordinator_runs_the_committees_meetings(client: Any, personas: Personas) -> None:
    from msj.committees.testing import committee_fixtures

    fixtures = committee_fixtures(personas)
    client.force_login(personas.beto)
    day = personas.mesa_a.today() + dt.timedelta(days=5)
    create = reverse("meetings:create", kwargs={"mesa_slug": "mesa-a"})
    response = client.post(create, form_data(day, kind="plenary"))
    assert response.status_code == 200 and not Meeting.objects.exists(), "a plenary is not his to call"
    response = client.post(
        create,
        form_data(day, kind="committee", committee=str(fixtures.prevention.public_id), title="Comité de prevención"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.committee == fixtures.prevention
    assert list(meeting.agenda.order_by("position").values_list("kind", flat=True)) == [
        "agreements",
        "committees",
        "general",
    ]
    invited = set(meeting.invitations.values_list("membership__user__email", flat=True))
    assert invited == {"beto@example.org", "eva@example.org", "sara@example.org"}
    client.post(url("convene", meeting))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


def test_now_is_respected_by_the_notice_rule_at_the_boundary(client: Any, personas: Personas) -> None:
    """Three calendar days in Ciudad Juárez: late at 23:59 two days before, on time three days before."""
    mesa = personas.mesa_a
    meeting = make_meeting(personas, Meeting.Kind.PLENARY, days=10, convene=False)
    start_day = meeting.local_date()
    client.force_login(personas.sara)
    two_days_before = timezone.make_aware(
        dt.datetime.combine(start_day - dt.timedelta(days=2), dt.time(0, 1)), mesa.tzinfo
    )
    with time_machine.travel(two_days_before, tick=False):
        client.force_login(personas.sara)  # sessions last hours: sign in at the travelled time
        response = client.post(url("convene", meeting), follow=True)
        assert "It is too late to convene this meeting" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    last_minute_on_time = timezone.make_aware(
        dt.datetime.combine(start_day - dt.timedelta(days=3), dt.time(23, 59)), mesa.tzinfo
    )
    with time_machine.travel(last_minute_on_time, tick=False):
        client.force_login(personas.sara)
        assert client.post(url("convene", meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
