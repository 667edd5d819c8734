"""The vote rules of DOMAIN.md §3, each in one function, in integer arithmetic.

E = the frozen electorate, C = ballots cast, A = ballots against, V = ballots for one
candidate, B = blank ballots. Percentages and fractions are whole numbers from the Mesa's
settings, copied into the vote's rule when it opens (`rule_for`), so a vote is always
counted under the rule it was opened with, whatever the Mesa changes later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

RULE_VERSION = 1

ADMISSION = "admission"
ELECTION = "election"
DECISION = "decision"

# Option keys with a meaning of their own; candidates are "c1", "c2"…
FOR = "for"
AGAINST = "against"
BLANK = "blank"


def admission_is_valid(cast: int, electorate: int, quorum_pct: int) -> bool:
    """An admission vote counts only if at least `quorum_pct` % of the electors voted (Cuadro 11)."""
    return electorate > 0 and 100 * cast >= quorum_pct * electorate


def admission_is_rejected(against: int, cast: int, veto_pct: int) -> bool:
    """A candidate is rejected when at least `veto_pct` % of the ballots cast are against."""
    return 100 * against >= veto_pct * cast


def election_is_valid(cast: int, electorate: int, quorum_pct: int) -> bool:
    """An election counts only if more than `quorum_pct` % of the electors voted (Cuadro 5)."""
    return electorate > 0 and 100 * cast > quorum_pct * electorate


def candidate_wins(votes: int, cast: int, blank: int, numerator: int, denominator: int) -> bool:
    """A candidate is elected with at least numerator/denominator of the valid ballots (cast − blank).

    Blank ballots count for the quorum, not in the majority's base. A candidate with no
    vote never wins, not even when every ballot was blank.
    """
    return votes > 0 and denominator * votes >= numerator * (cast - blank)


def decision_is_valid(cast: int, electorate: int, quorum_pct: int) -> bool:
    """An Executive Committee vote counts only if more than `quorum_pct` % of its members voted."""
    return electorate > 0 and 100 * cast > quorum_pct * electorate


def decision_is_approved(in_favour: int, cast: int) -> bool:
    """An Executive Committee decision passes with more ballots for than against (no abstention)."""
    return 2 * in_favour > cast


def rule_for(mesa: Any, kind: str) -> dict[str, Any]:
    """The rule a new vote of `kind` is counted under: the Mesa's settings today, as data."""
    if kind == ADMISSION:
        return {
            "version": RULE_VERSION,
            "kind": ADMISSION,
            "quorum_pct": mesa.admission_quorum_pct,
            "veto_pct": mesa.admission_veto_pct,
        }
    if kind == ELECTION:
        return {
            "version": RULE_VERSION,
            "kind": ELECTION,
            "quorum_pct": mesa.election_quorum_pct,
            "majority": [mesa.election_majority_numerator, mesa.election_majority_denominator],
        }
    if kind == DECISION:
        return {"version": RULE_VERSION, "kind": DECISION, "quorum_pct": mesa.decision_quorum_pct}
    raise ValueError(f"Unknown vote kind {kind!r}")


def rule_for_values(kind: str, **values: Any) -> dict[str, Any]:
    """A rule of `kind` from explicit values (the same shape as `rule_for`), for tests and imports."""
    return {"version": RULE_VERSION, "kind": kind, **values}


def window_for(mesa: Any, kind: str, opens_at: dt.datetime) -> dt.datetime:
    """When a vote opened at `opens_at` closes: the Mesa's window for the kind, in days."""
    days = {ADMISSION: mesa.admission_vote_days, ELECTION: mesa.election_vote_days, DECISION: mesa.decision_vote_days}
    return opens_at + dt.timedelta(days=days[kind])


# Outcomes stored with a result.
INVALID = "invalid"
ADMITTED = "admitted"
REJECTED = "rejected"
ELECTED = "elected"
NO_ELECTION = "no_election"
APPROVED = "approved"


@dataclass(frozen=True)
class Outcome:
    valid: bool
    outcome: str
    winner: str | None = None  # the option key of the elected candidate


def decide(rule: dict[str, Any], electorate: int, counts: dict[str, int]) -> Outcome:
    """Apply a vote's rule to the ballots counted per option key."""
    if rule.get("version") != RULE_VERSION:
        raise ValueError(f"Unknown rule version {rule.get('version')!r}")
    cast = sum(counts.values())
    kind = rule["kind"]
    if kind == ADMISSION:
        if not admission_is_valid(cast, electorate, rule["quorum_pct"]):
            return Outcome(False, INVALID)
        rejected = admission_is_rejected(counts.get(AGAINST, 0), cast, rule["veto_pct"])
        return Outcome(True, REJECTED if rejected else ADMITTED)
    if kind == ELECTION:
        if not election_is_valid(cast, electorate, rule["quorum_pct"]):
            return Outcome(False, INVALID)
        blank = counts.get(BLANK, 0)
        numerator, denominator = rule["majority"]
        winners = [
            key
            for key, votes in counts.items()
            if key != BLANK and candidate_wins(votes, cast, blank, numerator, denominator)
        ]
        # With a majority above one half at most one candidate can reach it; a rule at or
        # below one half could produce a tie, which elects nobody.
        if len(winners) == 1:
            return Outcome(True, ELECTED, winners[0])
        return Outcome(True, NO_ELECTION)
    if kind == DECISION:
        if not decision_is_valid(cast, electorate, rule["quorum_pct"]):
            return Outcome(False, INVALID)
        return Outcome(True, APPROVED if decision_is_approved(counts.get(FOR, 0), cast) else REJECTED)
    raise ValueError(f"Unknown vote kind {kind!r}")


def vote_is_open(
    *, status: str, opens_at: dt.datetime, closes_at: dt.datetime, cast: int, electorate: int, now: dt.datetime
) -> bool:
    """A vote takes ballots from its opening until its deadline (exclusive), or until every elector voted.

    This is what every read and every cast asks, so a vote reads as closed the first
    minute after its deadline even when no job has recorded the close yet.
    """
    return status == "open" and opens_at <= now < closes_at and cast < electorate
