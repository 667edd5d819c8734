"""The rules of the Executive Committee's decisions (DOMAIN.md §4.5), each in one function."""

from __future__ import annotations

import datetime as dt

from msj.committees.obligations import add_months


def secretary_evaluation_due(*, started_on: dt.date, last_evaluated_on: dt.date | None, review_months: int) -> dt.date:
    """When the technical secretary's next evaluation is due: `review_months` after the last one.

    The first is due that long after the secretary took office (Cuadro 5: a yearly evaluation
    by default, `Mesa.secretary_review_months`).
    """
    return add_months(last_evaluated_on or started_on, review_months)


def evaluation_is_overdue(due: dt.date, today: dt.date) -> bool:
    """An evaluation is overdue from the day after its due date."""
    return today > due
