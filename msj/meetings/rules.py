"""The Mesa's rules about meetings (DOMAIN.md §3), each in one function named after it."""

from __future__ import annotations

import datetime as dt

from django.utils.crypto import constant_time_compare, salted_hmac

from msj.meetings.models import Meeting


def notice_days(meeting: Meeting) -> int:
    """How many calendar days ahead the Mesa wants this meeting convened (§3.4.4, Cuadro 8)."""
    if meeting.kind == Meeting.Kind.COMMITTEE:
        return meeting.mesa.committee_notice_days
    return meeting.mesa.plenary_notice_days


def convocation_is_late(meeting: Meeting, now: dt.datetime) -> bool:
    """Whether convening `meeting` at `now` breaks the Mesa's notice rule.

    "At least 3 days before" counts calendar days where the Mesa sits: convening on day D
    for a meeting on day D+3 is on time, for one on D+2 it is late, whatever the hours.
    """
    tz = meeting.mesa.tzinfo
    days_ahead = (meeting.starts_at.astimezone(tz).date() - now.astimezone(tz).date()).days
    return days_ahead < notice_days(meeting)


def exceeds_absence_limit(*, unjustified: int, total: int, limit_pct: int) -> bool:
    """Whether `unjustified` absences out of `total` meetings are more than `limit_pct` per cent.

    "No more than 20 %" allows exactly 20 %; integer arithmetic, so 1 of 5 is never 20.0000001 %.
    With no meetings there is nothing to exceed.
    """
    if total <= 0:
        return False
    return unjustified * 100 > limit_pct * total


def checkin_code(meeting: Meeting) -> str:
    """The code in the meeting's check-in QR, derived from its secret and the server's key.

    Knowing the database alone does not give the code; changing SECRET_KEY changes it.
    """
    value = f"{meeting.public_id}:{meeting.checkin_secret}"
    return salted_hmac("msj.meetings.checkin", value, algorithm="sha256").hexdigest()[:32]


def checkin_code_matches(meeting: Meeting, code: str) -> bool:
    return constant_time_compare(code, checkin_code(meeting))


def checkin_is_open(meeting: Meeting, now: dt.datetime) -> bool:
    """Check-in works from an hour before the start until the end of a convened meeting."""
    opens, closes = meeting.checkin_window()
    return meeting.is_active and opens <= now <= closes


def attendance_can_be_taken(meeting: Meeting, now: dt.datetime) -> bool:
    """Attendance is taken once the check-in opens, and may be corrected afterwards."""
    return meeting.is_active and now >= meeting.checkin_window()[0]


def replies_are_open(meeting: Meeting, now: dt.datetime) -> bool:
    return meeting.is_active and now < meeting.ends_at
