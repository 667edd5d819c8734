"""Replies to invitations, attendance taken by hand and by QR check-in, and the absence rate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from msj.audit.models import AuditEvent
from msj.meetings import services
from msj.meetings.models import Attendance, Invitation, Meeting
from msj.meetings.rules import checkin_code
from msj.meetings.testing import Meetings, make_meeting
from msj.members.models import Membership
from msj.members.testing import Personas

from .helpers import actor, membership, new_member

pytestmark = pytest.mark.django_db


def url(name: str, meeting: Meeting, **kwargs: Any) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"mesa_slug": meeting.mesa.slug, "public_id": meeting.public_id, **kwargs}
    )


def invitation(meeting: Meeting, personas: Personas, name: str) -> Invitation:
    return Invitation.objects.get(meeting=meeting, membership=membership(personas, name))


class TestReplies:
    def test_a_second_reply_changes_the_reply(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        client.force_login(personas.beto)
        assert client.post(url("reply", meetings.plenary), {"reply": "attending"}).status_code == 302
        assert invitation(meetings.plenary, personas, "beto").reply == Invitation.Reply.ATTENDING
        client.post(url("reply", meetings.plenary), {"reply": "not_attending"})
        beto = invitation(meetings.plenary, personas, "beto")
        assert beto.reply == Invitation.Reply.NOT_ATTENDING
        assert Invitation.objects.filter(meeting=meetings.plenary, membership=beto.membership).count() == 1

    def test_a_duplicate_submission_is_idempotent(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        client.force_login(personas.beto)
        client.post(url("reply", meetings.plenary), {"reply": "attending"})
        first = invitation(meetings.plenary, personas, "beto")
        events = AuditEvent.objects.filter(object_type="meetings.invitation").count()
        response = client.post(url("reply", meetings.plenary), {"reply": "attending"}, follow=True)
        assert "already been recorded" in response.content.decode()
        again = invitation(meetings.plenary, personas, "beto")
        assert again.replied_at == first.replied_at
        assert AuditEvent.objects.filter(object_type="meetings.invitation").count() == events

    def test_an_official_sends_a_named_delegate(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        client.force_login(personas.olga)
        response = client.post(url("reply", meetings.plenary), {"reply": "delegate", "delegate_name": " "}, follow=True)
        assert "Give the name of the person who will attend in your place." in response.content.decode()
        olga = invitation(meetings.plenary, personas, "olga")
        assert olga.reply == Invitation.Reply.PENDING and olga.replied_at is None
        client.post(url("reply", meetings.plenary), {"reply": "delegate", "delegate_name": "Luis Treviño"})
        olga = invitation(meetings.plenary, personas, "olga")
        assert (olga.reply, olga.delegate_name) == (Invitation.Reply.DELEGATE, "Luis Treviño")
        page = client.get(url("detail", meetings.plenary)).content.decode()
        assert "Luis Treviño" in page

    def test_a_citizen_cannot_send_a_delegate(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        client.force_login(personas.beto)
        client.post(url("reply", meetings.plenary), {"reply": "delegate", "delegate_name": "Mi primo"})
        assert invitation(meetings.plenary, personas, "beto").reply == Invitation.Reply.PENDING
        with pytest.raises(Exception, match="official"):
            services.reply_to_invitation(
                invitation=invitation(meetings.plenary, personas, "beto"),
                reply=Invitation.Reply.DELEGATE,
                delegate_name="Mi primo",
                by=actor(personas, "beto"),
            )

    def test_who_is_not_invited_cannot_reply(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        honorary, _m = new_member(personas, "honoria", Membership.Kind.HONORARY)
        client.force_login(honorary)
        assert client.post(url("reply", meetings.plenary), {"reply": "attending"}).status_code == 403

    def test_replies_close_when_the_meeting_ends(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        with time_machine.travel(meetings.plenary.ends_at + dt.timedelta(minutes=1), tick=False):
            client.force_login(personas.beto)
            response = client.post(url("reply", meetings.plenary), {"reply": "attending"}, follow=True)
            assert "Replies to this meeting are closed." in response.content.decode()
        assert invitation(meetings.plenary, personas, "beto").reply == Invitation.Reply.PENDING

    def test_the_email_links_to_the_page_and_get_changes_nothing(
        self, client: Any, personas: Personas, meetings: Meetings
    ) -> None:
        from msj.notifications.models import OutboundEmail

        email = OutboundEmail.objects.get(to=["beto@example.org"], idempotency_key__contains=meetings.plenary.public_id)
        assert url("detail", meetings.plenary) in email.body_text
        client.force_login(personas.beto)
        assert client.get(url("detail", meetings.plenary)).status_code == 200
        assert client.get(url("reply", meetings.plenary)).status_code == 405
        assert invitation(meetings.plenary, personas, "beto").reply == Invitation.Reply.PENDING


class TestAttendanceByHand:
    def test_the_secretary_takes_attendance(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.plenary
        beto, olga, eva = (membership(personas, n) for n in ("beto", "olga", "eva"))
        with time_machine.travel(meeting.starts_at + dt.timedelta(minutes=10), tick=False):
            client.force_login(personas.sara)
            response = client.post(
                url("attendance", meeting),
                {
                    f"status-{beto.public_id}": "present",
                    f"status-{olga.public_id}": "delegate",
                    f"delegate-{olga.public_id}": "Luis Treviño",
                    f"status-{eva.public_id}": "justified",
                },
            )
        assert response.status_code == 302
        recorded = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
        assert recorded[beto.pk].status == Attendance.Status.PRESENT
        assert (recorded[olga.pk].status, recorded[olga.pk].delegate_name) == ("delegate", "Luis Treviño")
        assert recorded[eva.pk].status == Attendance.Status.JUSTIFIED
        assert all(a.method == Attendance.Method.MANUAL for a in recorded.values())
        assert AuditEvent.objects.filter(object_type="meetings.attendance", action="create").count() == 3

    def test_a_delegate_only_for_an_officials_seat_and_all_or_nothing(
        self, client: Any, personas: Personas, meetings: Meetings
    ) -> None:
        meeting = meetings.plenary
        sara = actor(personas, "sara")
        beto, olga = membership(personas, "beto"), membership(personas, "olga")
        with time_machine.travel(meeting.starts_at, tick=False):
            with pytest.raises(Exception, match="no official's seat"):
                services.record_attendance(
                    meeting=meeting, entries=[(olga, "present", ""), (beto, "delegate", "Mi primo")], by=sara
                )
            with pytest.raises(Exception, match="name of the delegate"):
                services.record_attendance(meeting=meeting, entries=[(olga, "delegate", "")], by=sara)
        assert not Attendance.objects.exists()

    def test_attendance_is_not_taken_before_the_meeting(self, personas: Personas, meetings: Meetings) -> None:
        with pytest.raises(Exception, match="an hour before"):
            services.record_attendance(
                meeting=meetings.plenary,
                entries=[(membership(personas, "beto"), "present", "")],
                by=actor(personas, "sara"),
            )

    def test_only_those_who_run_the_meeting_take_attendance(
        self, client: Any, personas: Personas, meetings: Meetings
    ) -> None:
        beto = membership(personas, "beto")
        with time_machine.travel(meetings.plenary.starts_at, tick=False):
            client.force_login(personas.eva)
            response = client.post(url("attendance", meetings.plenary), {f"status-{beto.public_id}": "unjustified"})
        assert response.status_code == 403
        assert not Attendance.objects.exists()


class TestQRCheckIn:
    def check_in_url(self, meeting: Meeting, code: str | None = None) -> str:
        return url("check_in", meeting, code=code or checkin_code(meeting))

    def test_the_secretary_shows_the_code_as_svg(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        client.force_login(personas.sara)
        page = client.get(url("qr", meetings.plenary)).content.decode()
        assert 'src="data:image/svg+xml;base64,' in page
        assert self.check_in_url(meetings.plenary) in page
        client.force_login(personas.beto)
        assert client.get(url("qr", meetings.plenary)).status_code == 403

    def test_a_member_checks_in_within_the_window(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.plenary
        with time_machine.travel(meeting.starts_at - dt.timedelta(minutes=59), tick=False):
            client.force_login(personas.beto)
            page = client.get(self.check_in_url(meeting))
            assert page.status_code == 200 and "I am present" in page.content.decode()
            assert not Attendance.objects.exists(), "opening the page records nothing"
            assert client.post(self.check_in_url(meeting)).status_code == 302
            again = client.post(self.check_in_url(meeting), follow=True)
            assert "already been recorded" in again.content.decode()
        row = Attendance.objects.get()
        assert (row.membership.user, row.status, row.method) == (personas.beto, "present", "qr")
        assert row.recorded_by == personas.beto
        assert AuditEvent.objects.filter(object_type="meetings.attendance").count() == 1

    def test_until_the_end_of_the_meeting(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.plenary
        with time_machine.travel(meeting.ends_at, tick=False):
            client.force_login(personas.olga)
            client.post(self.check_in_url(meeting))
        assert Attendance.objects.get().membership.user == personas.olga

    @pytest.mark.parametrize("offset", [dt.timedelta(minutes=-61), None])
    def test_outside_the_window_nothing_is_recorded(
        self, client: Any, personas: Personas, meetings: Meetings, offset: dt.timedelta | None
    ) -> None:
        meeting = meetings.plenary
        when = meeting.starts_at + offset if offset is not None else meeting.ends_at + dt.timedelta(seconds=1)
        with time_machine.travel(when, tick=False):
            client.force_login(personas.beto)
            page = client.get(self.check_in_url(meeting)).content.decode()
            assert "Check-in is open only from" in page and "I am present" not in page
            response = client.post(self.check_in_url(meeting), follow=True)
            assert "Check-in is open from an hour before the meeting starts until it ends." in response.content.decode()
        assert not Attendance.objects.exists()

    def test_a_wrong_code_is_404(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.plenary
        other = meetings.citizens
        with time_machine.travel(meeting.starts_at, tick=False):
            client.force_login(personas.beto)
            assert client.get(self.check_in_url(meeting, "0" * 32)).status_code == 404
            assert client.post(self.check_in_url(meeting, checkin_code(other))).status_code == 404
        assert not Attendance.objects.exists()

    def test_a_non_invitee_cannot_check_in(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        honorary, _m = new_member(personas, "honoria", Membership.Kind.HONORARY)
        meeting = meetings.plenary
        with time_machine.travel(meeting.starts_at, tick=False):
            client.force_login(honorary)
            page = client.get(self.check_in_url(meeting)).content.decode()
            assert "You are not on the list of this meeting's invitees" in page
            client.post(self.check_in_url(meeting))
            # An official who cannot see the citizens' meeting gets 404 even with its code.
            client.force_login(personas.olga)
            assert client.post(self.check_in_url(meetings.citizens)).status_code == 404
        assert not Attendance.objects.exists()

    def test_a_cancelled_meeting_takes_no_check_in(self, client: Any, personas: Personas, meetings: Meetings) -> None:
        meeting = meetings.plenary
        services.cancel_meeting(meeting=meeting, by=actor(personas, "sara"))
        with time_machine.travel(meeting.starts_at, tick=False):
            client.force_login(personas.beto)
            client.post(self.check_in_url(meeting))
        assert not Attendance.objects.exists()


class TestAbsenceRate:
    def held(self, personas: Personas, kind: str, days_ago: int) -> Meeting:
        meeting = make_meeting(personas, kind, days=10, convene=True, title=f"{kind} hace {days_ago} días")
        shift = dt.timedelta(days=10 + days_ago)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=meeting.starts_at - shift, ends_at=meeting.ends_at - shift, status=Meeting.Status.HELD
        )
        return meeting

    def record(self, personas: Personas, meeting: Meeting, status: str) -> None:
        Attendance.objects.create(
            meeting=meeting, membership=membership(personas, "beto"), status=status, recorded_by=personas.sara
        )

    def beto_row(self, personas: Personas) -> dict[str, Any]:
        rows = services.absence_rates(personas.mesa_a)
        return next(r for r in rows if r["membership"].user == personas.beto)

    def test_exactly_twenty_per_cent_is_allowed(self, personas: Personas) -> None:
        statuses = ["unjustified", "present", "present", "justified", "present"]
        for n, status in enumerate(statuses):
            kind = Meeting.Kind.PLENARY if n % 2 else Meeting.Kind.CITIZENS
            self.record(personas, self.held(personas, kind, 20 + n), status)
        row = self.beto_row(personas)
        assert (row["unjustified"], row["total"], row["pct"], row["exceeds"]) == (1, 5, 20, False)

    def test_just_above_is_flagged(self, personas: Personas) -> None:
        for n, status in enumerate(["unjustified", "unjustified", "present", "present", "present"]):
            self.record(personas, self.held(personas, Meeting.Kind.PLENARY, 20 + n), status)
        assert self.beto_row(personas)["exceeds"]

    def test_other_kinds_older_meetings_and_no_meetings_do_not_count(self, personas: Personas) -> None:
        assert self.beto_row(personas)["total"] == 0 and not self.beto_row(personas)["exceeds"]
        self.record(personas, self.held(personas, Meeting.Kind.WORKSHOP, 5), "unjustified")
        self.record(personas, self.held(personas, Meeting.Kind.PLENARY, 400), "unjustified")
        row = self.beto_row(personas)
        assert (row["unjustified"], row["total"], row["exceeds"]) == (0, 0, False)

    def test_the_report_page(self, client: Any, personas: Personas) -> None:
        for n, status in enumerate(["unjustified", "present"]):
            self.record(personas, self.held(personas, Meeting.Kind.PLENARY, 20 + n), status)
        client.force_login(personas.sara)
        page = client.get(reverse("meetings:attendance_report", kwargs={"mesa_slug": "mesa-a"})).content.decode()
        assert "Beto Barrios" in page and "50 %" in page and "Over the limit" in page
        client.force_login(personas.beto)
        assert client.get(reverse("meetings:attendance_report", kwargs={"mesa_slug": "mesa-a"})).status_code == 403
