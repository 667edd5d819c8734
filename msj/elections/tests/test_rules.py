"""The election calendar and the further-round rule, at their edges (DOMAIN.md §3, §4.4)."""

from __future__ import annotations

import datetime as dt

import pytest

from msj.elections import rules
from msj.members.models import alternate_shortfall
from msj.mesas.models import Mesa

T = dt.date(2026, 6, 1)


@pytest.fixture
def mesa() -> Mesa:
    # The defaults of DOMAIN.md §3; never saved.
    return Mesa(name="Mesa", slug="m", state="08", time_zone="America/Ciudad_Juarez")


def test_the_term_ends_when_recorded_else_a_term_after_it_started() -> None:
    assert rules.term_end(started_on=dt.date(2025, 6, 1), term_ends_on=T, term_months=12) == T
    assert rules.term_end(started_on=dt.date(2025, 6, 1), term_ends_on=None, term_months=12) == dt.date(2026, 6, 1)
    # A month without the start's day ends on its last day.
    assert rules.term_end(started_on=dt.date(2025, 1, 31), term_ends_on=None, term_months=1) == dt.date(2025, 2, 28)
    assert rules.next_term_end(T, 12) == dt.date(2027, 6, 1)


def test_the_candidacy_window_runs_from_30_to_15_days_before_the_end_both_days_included(mesa: Mesa) -> None:
    assert rules.candidacy_window(mesa, T) == (dt.date(2026, 5, 2), dt.date(2026, 5, 17))
    assert not rules.candidacy_is_open(mesa, T, dt.date(2026, 5, 1))  # the day before the first
    assert rules.candidacy_is_open(mesa, T, dt.date(2026, 5, 2))  # the first day
    assert rules.candidacy_is_open(mesa, T, dt.date(2026, 5, 17))  # the last day
    assert not rules.candidacy_is_open(mesa, T, dt.date(2026, 5, 18))  # the day after


def test_the_window_follows_the_mesas_settings(mesa: Mesa) -> None:
    mesa.candidacy_opens_days_before_term_end = 40
    mesa.candidacy_closes_days_before_term_end = 20
    assert rules.candidacy_window(mesa, T) == (dt.date(2026, 4, 22), dt.date(2026, 5, 12))


def test_the_votes_open_30_and_15_days_before_the_end(mesa: Mesa) -> None:
    assert rules.coordinator_vote_opens_on(mesa, T) == dt.date(2026, 5, 2)
    assert rules.alternate_vote_opens_on(mesa, T) == dt.date(2026, 5, 17)


def test_a_vote_runs_from_midnight_to_midnight_five_days_later_where_the_mesa_sits(mesa: Mesa) -> None:
    opens_at, closes_at = rules.vote_window(mesa, dt.date(2026, 5, 17))
    assert opens_at == dt.datetime(2026, 5, 17, tzinfo=mesa.tzinfo)
    assert closes_at == dt.datetime(2026, 5, 22, tzinfo=mesa.tzinfo)
    # Ciudad Juárez is 6 hours behind UTC in May: the vote closes at 06:00 UTC.
    assert closes_at.astimezone(dt.UTC) == dt.datetime(2026, 5, 22, 6, 0, tzinfo=dt.UTC)


def test_the_mesa_needs_two_alternates() -> None:
    assert alternate_shortfall(0) == 2
    assert alternate_shortfall(1) == 1
    assert alternate_shortfall(2) == 0


def test_alternate_seats_open_count_who_stays_and_who_was_elected() -> None:
    assert rules.alternate_seats_open(staying=1, elected=0) == 1  # an alternate became coordinator
    assert rules.alternate_seats_open(staying=2, elected=0) == 0  # the coordinator was re-elected
    assert rules.alternate_seats_open(staying=0, elected=1) == 1
    assert rules.alternate_seats_open(staying=1, elected=1) == 0


BALLOT = ["c1", "c2", "c3", "blank"]


def test_two_most_voted_take_the_highest_counts() -> None:
    assert rules.two_most_voted({"c1": 2, "c2": 5, "c3": 3, "blank": 9}, BALLOT) == ["c2", "c3"]


def test_two_most_voted_break_ties_by_the_place_on_the_ballot() -> None:
    assert rules.two_most_voted({"c1": 3, "c2": 3, "c3": 3, "blank": 0}, BALLOT) == ["c1", "c2"]
    assert rules.two_most_voted({"c1": 1, "c2": 4, "c3": 4, "blank": 0}, BALLOT) == ["c2", "c3"]
    assert rules.two_most_voted({"c1": 4, "c2": 1, "c3": 1, "blank": 0}, BALLOT) == ["c1", "c2"]
    # The order of the counts does not matter, only the ballot's.
    assert rules.two_most_voted({"c3": 2, "c2": 2, "c1": 0}, BALLOT) == ["c2", "c3"]


def test_two_most_voted_never_include_the_blank_ballot() -> None:
    assert rules.two_most_voted({"c1": 1, "blank": 10}, ["c1", "blank"]) == ["c1"]
    assert rules.two_most_voted({"c1": 0, "c2": 0, "blank": 10}, ["c1", "c2", "blank"]) == ["c1", "c2"]


def test_a_further_round_follows_no_election_or_a_vote_without_quorum_only() -> None:
    counts = {"c1": 1, "c2": 4, "c3": 3, "blank": 2}
    assert rules.next_round_candidates("no_election", counts, BALLOT) == ["c2", "c3"]
    assert rules.next_round_candidates("invalid", counts, BALLOT) == ["c1", "c2", "c3"]
    assert rules.next_round_candidates("elected", counts, BALLOT) == []
