"""The named rules of admission, at their edges."""

from __future__ import annotations

import datetime as dt

from msj.admissions.rules import (
    REQUIREMENT_KEYS,
    REQUIREMENTS,
    may_reapply,
    reapplication_opens_on,
    review_passes,
    vote_due_on,
    vote_is_due,
)

APPLIED = dt.date(2025, 3, 10)


def test_cuadro_10_has_ten_requirements_with_english_keys() -> None:
    assert len(REQUIREMENTS) == 10
    assert len(set(REQUIREMENT_KEYS)) == 10
    assert all(key.isascii() and key == key.lower() for key in REQUIREMENT_KEYS)


def test_review_passes_only_when_every_requirement_is_met() -> None:
    every = dict.fromkeys(REQUIREMENT_KEYS, True)
    assert review_passes(every)
    for key in REQUIREMENT_KEYS:
        assert not review_passes({**every, key: False}), key
        missing = dict(every)
        del missing[key]
        assert not review_passes(missing), key
    assert not review_passes({})


def test_reapplication_day_364_refused_day_365_allowed() -> None:
    assert reapplication_opens_on(APPLIED, 365) == dt.date(2026, 3, 10)
    assert not may_reapply(last_applied_on=APPLIED, today=APPLIED + dt.timedelta(days=364), wait_days=365)
    assert may_reapply(last_applied_on=APPLIED, today=APPLIED + dt.timedelta(days=365), wait_days=365)
    assert not may_reapply(last_applied_on=APPLIED, today=APPLIED, wait_days=365)


def test_reapplication_follows_the_mesas_setting() -> None:
    assert not may_reapply(last_applied_on=APPLIED, today=APPLIED + dt.timedelta(days=29), wait_days=30)
    assert may_reapply(last_applied_on=APPLIED, today=APPLIED + dt.timedelta(days=30), wait_days=30)
    assert may_reapply(last_applied_on=APPLIED, today=APPLIED, wait_days=0)


def test_vote_is_due_the_day_after_the_presentation() -> None:
    assert vote_due_on(APPLIED) == dt.date(2025, 3, 11)
    assert not vote_is_due(presented_on=APPLIED, today=APPLIED)
    assert vote_is_due(presented_on=APPLIED, today=APPLIED + dt.timedelta(days=1))
    assert vote_is_due(presented_on=APPLIED, today=APPLIED + dt.timedelta(days=3))
