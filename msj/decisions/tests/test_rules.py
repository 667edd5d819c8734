"""The technical secretary's evaluation calendar (Cuadro 5: yearly, `Mesa.secretary_review_months`)."""

from __future__ import annotations

import datetime as dt

from msj.decisions import rules


def test_the_first_evaluation_is_due_a_review_period_after_taking_office() -> None:
    assert rules.secretary_evaluation_due(
        started_on=dt.date(2025, 3, 10), last_evaluated_on=None, review_months=12
    ) == dt.date(2026, 3, 10)


def test_the_next_evaluation_is_due_a_review_period_after_the_last() -> None:
    assert rules.secretary_evaluation_due(
        started_on=dt.date(2020, 3, 10), last_evaluated_on=dt.date(2025, 5, 2), review_months=12
    ) == dt.date(2026, 5, 2)
    assert rules.secretary_evaluation_due(
        started_on=dt.date(2020, 3, 10), last_evaluated_on=dt.date(2025, 5, 2), review_months=6
    ) == dt.date(2025, 11, 2)


def test_a_leap_day_start_falls_due_on_the_last_day_of_february() -> None:
    assert rules.secretary_evaluation_due(
        started_on=dt.date(2024, 2, 29), last_evaluated_on=None, review_months=12
    ) == dt.date(2025, 2, 28)


def test_an_evaluation_is_overdue_from_the_day_after_it_is_due() -> None:
    due = dt.date(2026, 3, 10)
    assert not rules.evaluation_is_overdue(due, dt.date(2026, 3, 9))
    assert not rules.evaluation_is_overdue(due, due)
    assert rules.evaluation_is_overdue(due, dt.date(2026, 3, 11))
