"""Check a vote from its raw rows, independently of the code that counted it.

The verifier reads the stored rows as plain values, walks the ledger's hash chain,
matches every ballot row against the ballot event that recorded it, recounts from the
ledger with its own arithmetic (fractions, not the integer rules of `rules`), and compares
with the stored result. Any difference is reported: a ballot changed in the database, a
ledger row edited, removed or reordered, a result that does not follow from the ballots.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from msj.votes.ledger import entry_hash, genesis, stamp
from msj.votes.models import Ballot, Elector, LedgerEntry, Option, Result, Vote


@dataclass
class Report:
    vote: Vote
    problems: list[str] = field(default_factory=list)
    chain_intact: bool = True
    result_matches: bool = True
    recount: dict[str, int] = field(default_factory=dict)
    outcome: str = ""
    entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _outcome(rule: dict[str, Any], electorate: int, counts: dict[str, int]) -> tuple[bool, str, str | None]:
    """The outcome, from the rule's own words, in exact fractions."""
    cast = sum(counts.values())
    share = Fraction(cast, electorate) if electorate else Fraction(0)
    quorum = Fraction(rule["quorum_pct"], 100)
    kind = rule["kind"]
    if kind == "admission":
        if share < quorum:
            return False, "invalid", None
        against = Fraction(counts.get("against", 0), cast)
        return True, ("rejected" if against >= Fraction(rule["veto_pct"], 100) else "admitted"), None
    if share <= quorum:
        return False, "invalid", None
    if kind == "election":
        valid_ballots = cast - counts.get("blank", 0)
        needed = Fraction(*rule["majority"])
        winners = [
            key
            for key, n in counts.items()
            if key != "blank" and n > 0 and (valid_ballots == 0 or Fraction(n, valid_ballots) >= needed)
        ]
        return (True, "elected", winners[0]) if len(winners) == 1 else (True, "no_election", None)
    return True, ("approved" if Fraction(counts.get("for", 0), cast) > Fraction(1, 2) else "rejected"), None


def verify_vote(vote: Vote) -> Report:
    vote = Vote.objects.select_related("mesa").get(pk=vote.pk)  # as stored now, not as the caller last saw it
    report = Report(vote=vote)
    problems = report.problems
    entries = list(
        LedgerEntry.objects.filter(vote_id=vote.pk)
        .order_by("seq")
        .values("seq", "event", "at", "payload", "prev_hash", "hash")
    )
    report.entries = len(entries)
    previous = genesis(vote.public_id)
    for expected_seq, entry in enumerate(entries, start=1):
        if entry["seq"] != expected_seq:
            problems.append(_("Ledger entry %(n)s is missing or out of order.") % {"n": expected_seq})
            report.chain_intact = False
        if entry["prev_hash"] != previous:
            problems.append(_("Ledger entry %(n)s does not link to the entry before it.") % {"n": entry["seq"]})
            report.chain_intact = False
        recomputed = entry_hash(
            prev_hash=entry["prev_hash"],
            seq=entry["seq"],
            event=entry["event"],
            at=stamp(entry["at"]),
            payload=entry["payload"],
        )
        if recomputed != entry["hash"]:
            problems.append(
                _("Ledger entry %(n)s was altered: its hash does not match its content.") % {"n": entry["seq"]}
            )
            report.chain_intact = False
        previous = entry["hash"]
    if not entries or entries[0]["event"] != "open":
        problems.append(_("The ledger does not start with the opening of the vote."))
        report.chain_intact = False
        return report

    opening = entries[0]["payload"]
    try:
        option_keys = [o["key"] for o in opening["options"]]
        electors = set(opening["electors"])
        opening["rule"]["kind"]
    except (KeyError, TypeError):
        problems.append(_("The opening of the vote in the ledger is unreadable."))
        report.chain_intact = False
        return report
    stored_electors = {str(e) for e in Elector.objects.filter(vote_id=vote.pk).values_list("public_id", flat=True)}
    if stored_electors != electors:
        problems.append(_("The electorate differs from the one frozen when the vote opened."))
    if vote.electorate_size != len(electors):
        problems.append(_("The vote's number of electors differs from its electorate."))
    if sorted(Option.objects.filter(vote_id=vote.pk).values_list("key", flat=True)) != sorted(option_keys):
        problems.append(_("The ballot's options differ from those of the opening."))

    # A tampered row may lack any key: read every payload defensively.
    ledger_ballots = {
        str(e["payload"].get("ballot")): {
            k: e["payload"].get(k) for k in ("elector", "option", "receipt", "channel", "cast_at")
        }
        for e in entries
        if e["event"] == "ballot" and isinstance(e["payload"], dict)
    }
    voters = Counter(p["elector"] for p in ledger_ballots.values())
    for elector, n in voters.items():
        if elector not in electors:
            problems.append(_("The ledger holds a ballot of someone outside the electorate."))
        if n > 1:
            problems.append(_("The ledger holds more than one ballot of the same elector."))
    stored = {
        str(b["public_id"]): b
        for b in Ballot.objects.filter(vote_id=vote.pk).values(
            "public_id", "elector__public_id", "option__key", "receipt", "channel", "cast_at"
        )
    }
    for ballot_id, payload in ledger_ballots.items():
        row = stored.get(ballot_id)
        if row is None:
            problems.append(_("A ballot recorded in the ledger is missing from the ballots."))
            continue
        if (
            str(row["elector__public_id"]) != payload["elector"]
            or row["option__key"] != payload["option"]
            or row["receipt"] != payload["receipt"]
            or row["channel"] != payload["channel"]
            or stamp(row["cast_at"]) != payload["cast_at"]
        ):
            problems.append(
                _("The ballot with receipt %(receipt)s differs from what the ledger recorded.")
                % {"receipt": str(payload["receipt"])[:12]}
            )
    if stored.keys() - ledger_ballots.keys():
        problems.append(_("A ballot is not recorded in the ledger."))
    if vote.ballots_cast != len(ledger_ballots):
        problems.append(_("The vote's count of ballots differs from the ledger."))

    recount = {key: 0 for key in option_keys}
    for payload in ledger_ballots.values():
        if payload["option"] in recount:
            recount[payload["option"]] += 1
        else:
            problems.append(_("The ledger holds a ballot for an option that is not on the ballot."))
    report.recount = recount

    closing = [e for e in entries if e["event"] == "result"]
    result = (
        Result.objects.filter(vote_id=vote.pk)
        .values("valid", "outcome", "winner__key", "counts", "electorate_size", "ballots_cast", "ledger_hash")
        .first()
    )
    if vote.status != Vote.Status.CLOSED:
        if closing or result:
            problems.append(_("An open vote has a result."))
        report.outcome = ""
        return report
    valid, outcome, winner = _outcome(opening["rule"], len(electors), recount)
    report.outcome = outcome
    if result is None or not closing:
        problems.append(_("The vote is closed but its result is missing."))
        report.result_matches = False
        return report
    published = closing[-1]
    said = published["payload"] if isinstance(published["payload"], dict) else {}
    late = [e for e in entries if e["event"] == "ballot" and e["seq"] > published["seq"]]
    if late:
        problems.append(_("The ledger holds ballots after the result."))
    checks = [
        (
            result["counts"] == recount and said.get("counts") == recount,
            _("The stored counts differ from the recount."),
        ),
        (
            result["outcome"] == outcome and said.get("outcome") == outcome and result["valid"] == valid,
            _("The stored outcome differs from the recount."),
        ),
        (result["winner__key"] == winner, _("The stored winner differs from the recount.")),
        (result["ledger_hash"] == published["hash"], _("The result does not point at its ledger entry.")),
        (
            sorted(said.get("receipts") or []) == sorted(str(p["receipt"]) for p in ledger_ballots.values()),
            _("The receipts published with the result differ from the ballots."),
        ),
    ]
    for holds, message in checks:
        if not holds:
            problems.append(message)
            report.result_matches = False
    return report
