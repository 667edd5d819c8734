"""The rhythm and fulfilment rules at their edges."""

from __future__ import annotations

import datetime as dt

import pytest

from msj.compliance.rules import fulfilment_pct, meeting_due_by, meeting_is_overdue
from msj.compliance.selectors import quarters_until


@pytest.mark.parametrize(
    ("last", "months", "due"),
    [
        (dt.date(2026, 1, 31), 3, dt.date(2026, 4, 30)),  # April is shorter: its last day
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 5), 1, dt.date(2026, 4, 5)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_meeting_due_by(last: dt.date, months: int, due: dt.date) -> None:
    assert meeting_due_by(last, months) == due


def test_a_body_is_overdue_from_the_day_after_its_due_date() -> None:
    last = dt.date(2026, 3, 5)
    assert not meeting_is_overdue(last, 3, dt.date(2026, 6, 4))
    assert not meeting_is_overdue(last, 3, dt.date(2026, 6, 5))  # exactly three months: on time
    assert meeting_is_overdue(last, 3, dt.date(2026, 6, 6))  # the first day after
    assert not meeting_is_overdue(last, 1, dt.date(2026, 4, 5))
    assert meeting_is_overdue(last, 1, dt.date(2026, 4, 6))


@pytest.mark.parametrize(
    ("done", "counted", "pct"),
    [
        (4, 5, 80),  # exactly 80 %
        (2, 3, 66),  # rounded down, never up
        (1, 3, 33),
        (0, 7, 0),
        (7, 7, 100),
        (0, 0, None),  # nothing due: no rate, not 0 % nor 100 %
    ],
)
def test_fulfilment_pct(done: int, counted: int, pct: int | None) -> None:
    assert fulfilment_pct(done, counted) == pct


def test_quarters_until_crosses_the_year() -> None:
    quarters = quarters_until(dt.date(2026, 2, 10), 6)
    assert [(q.start, q.end) for q in quarters] == [
        (dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ]
    assert quarters_until(dt.date(2026, 12, 31), 1)[0].start == dt.date(2026, 10, 1)
    assert quarters_until(dt.date(2026, 10, 1), 1)[0].end == dt.date(2026, 12, 31)
