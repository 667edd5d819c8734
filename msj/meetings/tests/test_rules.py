"""The notice rule and the absence rule at their edges (DOMAIN.md §3)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from msj.meetings.models import Meeting
from msj.meetings.rules import convocation_is_late, exceeds_absence_limit
from msj.mesas.models import Mesa

JUAREZ = zoneinfo.ZoneInfo("America/Ciudad_Juarez")  # UTC-7 in winter


def local(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 1, day, hour, minute, tzinfo=JUAREZ)


def meeting(starts_at: dt.datetime, kind: str = Meeting.Kind.PLENARY, **rules: int) -> Meeting:
    mesa = Mesa(time_zone="America/Ciudad_Juarez", **rules)
    return Meeting(mesa=mesa, kind=kind, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2))


class TestConvocationIsLate:
    def test_exactly_three_days_before_is_on_time(self) -> None:
        assert not convocation_is_late(meeting(local(13, 18)), local(10, 18))

    def test_day_d_for_day_d_plus_3_is_on_time_whatever_the_hours(self) -> None:
        # 2 days and 18 hours ahead, but three calendar days: on time.
        assert not convocation_is_late(meeting(local(13, 9)), local(10, 23, 59))

    def test_two_days_23_59_ahead_across_two_calendar_days_is_late(self) -> None:
        # From the first minute of the 11th to the last of the 13th: two calendar days.
        assert convocation_is_late(meeting(local(13, 23, 59)), local(11, 0, 0))

    def test_day_d_for_day_d_plus_2_is_late(self) -> None:
        assert convocation_is_late(meeting(local(12, 18)), local(10, 8))

    def test_the_mesas_day_counts_not_utcs(self) -> None:
        # 20:00 on the 10th in Ciudad Juárez is already the 11th in UTC; the meeting at 10:00
        # on the 13th is three days ahead where the Mesa sits, so the convocation is on time.
        now = local(10, 20)
        assert now.astimezone(dt.UTC).day == 11
        assert not convocation_is_late(meeting(local(13, 10)), now)
        # 16:00 on the 10th for 20:00 on the 12th: three UTC days (10th → 13th) but two local ones.
        late_start = local(12, 20)
        assert late_start.astimezone(dt.UTC).day == 13
        assert convocation_is_late(meeting(late_start), local(10, 16))

    def test_committee_meetings_use_the_committee_notice(self) -> None:
        committee = meeting(local(12, 18), kind=Meeting.Kind.COMMITTEE, committee_notice_days=2)
        assert not convocation_is_late(committee, local(10, 18))
        plenary = meeting(local(12, 18), kind=Meeting.Kind.PLENARY, committee_notice_days=2)
        assert convocation_is_late(plenary, local(10, 18))

    def test_other_meetings_use_the_plenary_notice(self) -> None:
        assert convocation_is_late(
            meeting(local(14, 18), kind=Meeting.Kind.WORKSHOP, plenary_notice_days=5), local(10, 8)
        )
        assert not convocation_is_late(
            meeting(local(15, 18), kind=Meeting.Kind.WORKSHOP, plenary_notice_days=5), local(10, 8)
        )


class TestExceedsAbsenceLimit:
    @pytest.mark.parametrize(
        ("unjustified", "total", "exceeds"),
        [
            (1, 5, False),  # exactly 20 %: allowed
            (20, 100, False),
            (21, 100, True),  # 21 %: not allowed
            (1, 4, True),  # 25 %
            (2, 10, False),
            (3, 14, True),  # 21.4 %
            (0, 0, False),  # no meetings: nothing to exceed
            (0, 12, False),
        ],
    )
    def test_edges(self, unjustified: int, total: int, exceeds: bool) -> None:
        assert exceeds_absence_limit(unjustified=unjustified, total=total, limit_pct=20) is exceeds

    def test_a_limit_of_zero_allows_no_unjustified_absence(self) -> None:
        assert exceeds_absence_limit(unjustified=1, total=50, limit_pct=0)
        assert not exceeds_absence_limit(unjustified=0, total=50, limit_pct=0)
