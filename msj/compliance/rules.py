"""The Mesa's rhythm and fulfilment rules (DOMAIN.md §3, Cuadro 8), each in one function named after it."""

from __future__ import annotations

import datetime as dt

from msj.committees.obligations import add_months


def meeting_due_by(last_met_on: dt.date, max_interval_months: int) -> dt.date:
    """The last day the body may hold its next meeting: `max_interval_months` after the previous one.

    "At least every 3 months" after a plenary on 31 January means by 30 April; a shorter
    month ends on its last day.
    """
    return add_months(last_met_on, max_interval_months)


def meeting_is_overdue(last_met_on: dt.date, max_interval_months: int, today: dt.date) -> bool:
    """Whether the body has gone longer than the Mesa allows without meeting.

    On the due day itself the body is still on time; from the next day on it is overdue.
    """
    return today > meeting_due_by(last_met_on, max_interval_months)


def fulfilment_pct(done: int, counted: int) -> int | None:
    """Whole per cent of the counted agreements that were done, rounded down; None when none counted.

    Integer arithmetic: 4 of 5 is exactly 80, and 2 of 3 is 66, never 66.67 shown as 67.
    """
    if counted <= 0:
        return None
    return done * 100 // counted
