"""Before each meeting of a body, the owners of its overdue agreements are reminded, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from msj.agreements.models import Agreement
from msj.meetings import services
from msj.meetings.models import Meeting
from msj.meetings.testing import make_meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail

from .helpers import membership

pytestmark = pytest.mark.django_db


def agreement(personas: Personas, number: int, *, audience: str = "mesa", overdue: bool = True) -> Agreement:
    today = personas.mesa_a.today()
    return Agreement.objects.create(
        mesa=personas.mesa_a,
        year=2026,
        number=number,
        text=f"Instalar alumbrado en la colonia {number}",
        audience=audience,
        due_on=today - dt.timedelta(days=5) if overdue else today + dt.timedelta(days=5),
    )


def reminders() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(idempotency_key__startswith="meeting-reminder:").order_by("to"))


def test_owners_and_seat_holders_are_reminded_once(personas: Personas) -> None:
    late = agreement(personas, 7)
    late.responsible_people.set([membership(personas, "beto")])
    late.responsible_seats.set([personas.olga_seat])
    agreement(personas, 8, overdue=False).responsible_people.set([membership(personas, "eva")])
    agreement(personas, 9, audience="executive").responsible_people.set([membership(personas, "ana")])
    plenary = make_meeting(personas, Meeting.Kind.PLENARY, days=1, extraordinary=True, extraordinary_reason="Urge")
    assert services.send_meeting_reminders() == 2
    sent = reminders()
    assert [e.to for e in sent] == [["beto@example.org"], ["olga@example.org"]]
    for email in sent:
        assert "2026-007" in email.body_text
        assert "alumbrado" not in email.body_text and plenary.title not in email.body_text
        assert "2026-008" not in email.body_text and "2026-009" not in email.body_text
    # Idempotent: running again, by the task or the command, queues nothing more.
    assert services.send_meeting_reminders() == 0
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    assert "0" in out.getvalue()
    assert len(reminders()) == 2


def test_only_meetings_soon_convened_and_with_a_body(personas: Personas) -> None:
    agreement(personas, 1).responsible_people.set([membership(personas, "beto")])
    make_meeting(personas, Meeting.Kind.PLENARY, days=10)  # too far ahead
    make_meeting(personas, Meeting.Kind.PLENARY, days=1, convene=False, title="Borrador")
    make_meeting(personas, Meeting.Kind.WORKSHOP, days=1, extraordinary=True, extraordinary_reason="Taller")
    assert services.send_meeting_reminders() == 0
    assert services.send_meeting_reminders(lead=dt.timedelta(days=11)) == 1


def test_a_former_seat_holder_is_not_reminded(personas: Personas) -> None:
    agreement(personas, 3).responsible_seats.set([personas.olga_seat])
    Membership.objects.filter(user=personas.olga).update(ended_on=dt.date(2025, 1, 1))
    make_meeting(personas, Meeting.Kind.PLENARY, days=1, extraordinary=True, extraordinary_reason="Urge")
    assert services.send_meeting_reminders() == 0


def test_the_task_runs_the_same_job(personas: Personas) -> None:
    from msj.meetings.tasks import send_meeting_reminders_task

    agreement(personas, 4, audience="citizens").responsible_people.set([membership(personas, "eva")])
    make_meeting(personas, Meeting.Kind.CITIZENS, days=1, extraordinary=True, extraordinary_reason="Urge")
    assert send_meeting_reminders_task.call() == 1
