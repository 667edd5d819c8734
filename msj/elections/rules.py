"""The rules of coordinator and alternate elections (DOMAIN.md §3 and §4.4, Cuadro 5), each in one function.

Every date here is a date where the Mesa sits (`Mesa.today()`); windows are inclusive of
their first and last day. The term ends on `term_ends_on`: that is also the first day of
the next term, as an office's `ended_on` is the first day out of office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from msj.committees.obligations import add_months
from msj.members.models import ALTERNATE_SEATS
from msj.votes import rules as vote_rules

# The Mesa always has two elected alternate coordinators (Cuadro 5).


def term_end(*, started_on: dt.date, term_ends_on: dt.date | None, term_months: int) -> dt.date:
    """When a coordinator's term ends: its recorded end, else its start plus the Mesa's term length."""
    return term_ends_on if term_ends_on is not None else add_months(started_on, term_months)


def next_term_end(term_ends_on: dt.date, term_months: int) -> dt.date:
    """The end of the term that starts when `term_ends_on` comes: the calendar keeps its rhythm."""
    return add_months(term_ends_on, term_months)


def candidacy_window(mesa: Any, term_ends_on: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day (both included) to submit a candidacy for an alternate seat: 30 to 15 days before."""
    return (
        term_ends_on - dt.timedelta(days=mesa.candidacy_opens_days_before_term_end),
        term_ends_on - dt.timedelta(days=mesa.candidacy_closes_days_before_term_end),
    )


def candidacy_is_open(mesa: Any, term_ends_on: dt.date, today: dt.date) -> bool:
    first, last = candidacy_window(mesa, term_ends_on)
    return first <= today <= last


def coordinator_vote_opens_on(mesa: Any, term_ends_on: dt.date) -> dt.date:
    """The incoming coordinator is chosen among the alternates 30 days before the term ends."""
    return term_ends_on - dt.timedelta(days=mesa.candidacy_opens_days_before_term_end)


def alternate_vote_opens_on(mesa: Any, term_ends_on: dt.date) -> dt.date:
    """The vote for the vacant alternate seat opens 15 days before the term ends."""
    return term_ends_on - dt.timedelta(days=mesa.election_opens_days_before_term_end)


def vote_window(mesa: Any, opens_on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """An election vote opening on `opens_on` runs from that day's midnight to midnight `election_vote_days` later.

    Both instants are midnights in the Mesa's time zone: the vote closes as the last day ends there.
    """
    opens_at = dt.datetime.combine(opens_on, dt.time(0, 0), tzinfo=mesa.tzinfo)
    closes_on = opens_on + dt.timedelta(days=mesa.election_vote_days)
    return opens_at, dt.datetime.combine(closes_on, dt.time(0, 0), tzinfo=mesa.tzinfo)


def alternate_seats_open(*, staying: int, elected: int) -> int:
    """Alternate seats this cycle still has to fill.

    `staying` are the alternates who keep their seat into the next term (an alternate
    chosen as coordinator leaves it); `elected` are the alternates already elected this cycle.
    """
    return max(0, ALTERNATE_SEATS - staying - elected)


def two_most_voted(counts: Mapping[str, int], order: Sequence[str]) -> list[str]:
    """The (at most) two candidates with most ballots, for a second round; blank ballots are no candidate.

    Ties are broken by the candidates' place on the ballot (`order`, the option keys in ballot
    order), so the same count always gives the same two; a candidate with no ballot may go to
    the second round only when fewer than two have any.
    """
    candidates = [key for key in order if key != vote_rules.BLANK]
    ranked = sorted(candidates, key=lambda key: (-counts.get(key, 0), candidates.index(key)))
    return ranked[:2]


def next_round_candidates(outcome: str, counts: Mapping[str, int], order: Sequence[str]) -> list[str]:
    """Who stands in a further round after a vote that elected nobody.

    "No election" (nobody reached the qualified majority): the two most voted. A vote without
    quorum counted for nothing: the same candidates again. An elected vote has no further round.
    """
    if outcome == vote_rules.NO_ELECTION:
        return two_most_voted(counts, order)
    if outcome == vote_rules.INVALID:
        return [key for key in order if key != vote_rules.BLANK]
    return []
