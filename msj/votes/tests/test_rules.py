"""The vote rules at their edges, and against a reference written apart from them.

The reference below reads the bylaws literally, with exact decimals of percentages
(Decimal), where msj.votes.rules uses integer cross-multiplication; hypothesis searches for
any disagreement.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from msj.votes import rules
from msj.votes.rules import (
    admission_is_rejected,
    admission_is_valid,
    candidate_wins,
    decide,
    election_is_valid,
)

# --- the reference -----------------------------------------------------------------------------


def ref_participation(cast: int, electorate: int) -> Decimal:
    return Decimal(cast) * 100 / Decimal(electorate)


def ref_admission(cast: int, against: int, electorate: int, quorum: int, veto: int) -> str:
    if ref_participation(cast, electorate) < quorum:
        return "invalid"
    return "rejected" if Decimal(against) * 100 / Decimal(cast) >= veto else "admitted"


def ref_election(votes: list[int], blank: int, electorate: int, quorum: int, num: int, den: int) -> str:
    cast = sum(votes) + blank
    if not ref_participation(cast, electorate) > quorum:
        return "invalid"
    valid = cast - blank
    elected = [i for i, v in enumerate(votes) if v > 0 and Decimal(v) * den >= Decimal(valid) * num]
    return f"c{elected[0] + 1}" if len(elected) == 1 else "no_election"


# --- the named edges ---------------------------------------------------------------------------


def test_an_election_of_twenty_needs_eighteen_ballots() -> None:
    assert not election_is_valid(17, 20, 85)  # exactly 85 % is not more than 85 %
    assert election_is_valid(18, 20, 85)


def test_an_admission_of_ten_is_valid_with_eight_and_rejected_with_two_against() -> None:
    assert not admission_is_valid(7, 10, 80)
    assert admission_is_valid(8, 10, 80)  # exactly 80 %
    assert admission_is_rejected(2, 8, 25)  # exactly 25 % of the ballots cast
    assert not admission_is_rejected(1, 8, 25)
    assert (
        decide(rules.rule_for_values(rules.ADMISSION, quorum_pct=80, veto_pct=25), 10, {"for": 6, "against": 2}).outcome
        == "rejected"
    )


def test_two_thirds_of_the_ballots_that_are_not_blank() -> None:
    # 18 cast, 3 blank: 15 valid; 10 of 15 is exactly 2/3.
    assert candidate_wins(10, 18, 3, 2, 3)
    assert not candidate_wins(9, 18, 3, 2, 3)
    # All blank elects nobody.
    assert not candidate_wins(0, 18, 18, 2, 3)


def test_an_executive_committee_decision() -> None:
    assert not rules.decision_is_valid(2, 4, 50)  # half is not more than half
    assert rules.decision_is_valid(3, 4, 50)
    assert not rules.decision_is_approved(1, 2)  # a tie does not pass
    assert rules.decision_is_approved(2, 3)


# --- properties --------------------------------------------------------------------------------


@given(
    electorate=st.integers(1, 400),
    data=st.data(),
    quorum=st.integers(1, 100),
    veto=st.integers(1, 100),
)
def test_admission_agrees_with_the_reference(electorate: int, data: st.DataObject, quorum: int, veto: int) -> None:
    cast = data.draw(st.integers(1, electorate))
    against = data.draw(st.integers(0, cast))
    rule = rules.rule_for_values(rules.ADMISSION, quorum_pct=quorum, veto_pct=veto)
    outcome = decide(rule, electorate, {"for": cast - against, "against": against})
    assert outcome.outcome == ref_admission(cast, against, electorate, quorum, veto)
    assert outcome.valid == (outcome.outcome != "invalid")


@given(
    votes=st.lists(st.integers(0, 60), min_size=1, max_size=5),
    blank=st.integers(0, 30),
    extra=st.integers(0, 200),
    quorum=st.integers(1, 99),
    majority=st.sampled_from([(2, 3), (3, 5), (1, 2), (3, 4)]),
)
def test_election_agrees_with_the_reference(
    votes: list[int], blank: int, extra: int, quorum: int, majority: tuple[int, int]
) -> None:
    cast = sum(votes) + blank
    electorate = max(cast, 1) + extra
    counts = {f"c{i + 1}": v for i, v in enumerate(votes)} | {"blank": blank}
    rule = rules.rule_for_values(rules.ELECTION, quorum_pct=quorum, majority=list(majority))
    got = decide(rule, electorate, counts)
    expected = ref_election(votes, blank, electorate, quorum, *majority)
    assert (got.winner or got.outcome) == expected


@given(hundreds=st.integers(1, 8), quorum=st.integers(1, 99), veto=st.integers(1, 100), data=st.data())
def test_exact_thresholds_agree_with_the_reference(hundreds: int, quorum: int, veto: int, data: st.DataObject) -> None:
    """Electorates that are multiples of 100, so the ballots can sit exactly on each threshold."""
    electorate = 100 * hundreds
    at_quorum = quorum * hundreds
    cast = data.draw(st.sampled_from([at_quorum - 1, at_quorum, at_quorum + 1]).filter(lambda c: 1 <= c <= electorate))
    against = data.draw(st.sampled_from([veto * cast // 100, -(-veto * cast // 100), 0, cast]))
    against = min(max(against, 0), cast)
    admission = decide(
        rules.rule_for_values(rules.ADMISSION, quorum_pct=quorum, veto_pct=veto),
        electorate,
        {"for": cast - against, "against": against},
    )
    assert admission.outcome == ref_admission(cast, against, electorate, quorum, veto)
    election = decide(
        rules.rule_for_values(rules.ELECTION, quorum_pct=quorum, majority=[2, 3]), electorate, {"c1": cast}
    )
    assert (election.winner or election.outcome) == ref_election([cast], 0, electorate, quorum, 2, 3)


@given(cast=st.integers(0, 1000), electorate=st.integers(1, 1000), quorum=st.integers(1, 99))
def test_quorums_are_monotonic(cast: int, electorate: int, quorum: int) -> None:
    # One more ballot never turns a valid vote invalid.
    if election_is_valid(cast, electorate, quorum):
        assert election_is_valid(cast + 1, electorate, quorum)
    if admission_is_valid(cast, electorate, quorum):
        assert admission_is_valid(cast + 1, electorate, quorum)
