"""Opening, casting, closing and reviewing votes. Every write locks the vote's row first.

The lock is what makes the engine safe under concurrency: ballots of one vote are appended
one after another (so the ledger's chain never forks), a second ballot of the same elector
through another channel finds the first, and a ballot racing the close is either counted
before it or refused after it. Each function is one transaction: a crash at any step
leaves nothing half-done, and running it again gives the same result.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.core.tokens import hash_secret
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa
from msj.votes import ledger, notices, rules
from msj.votes.models import Ballot, BallotLink, Elector, LedgerEntry, Option, Result, Review, Vote

logger = logging.getLogger(__name__)

# Sent inside the closing transaction once the result is stored, with `vote` and `result`.
# The processes built on votes (admissions, elections, decisions) apply the outcome here: if
# a receiver fails, the close rolls back whole and the next attempt starts again.
vote_closed = Signal()

EXECUTIVE_OFFICES = (Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE)


@dataclass(frozen=True)
class OptionSpec:
    key: str
    label: str
    candidate: Membership | None = None


# Option labels are stored with the vote, read by every elector and quoted in the ledger: they
# are written in the Mesas' language, whatever the language of the person opening the vote.


def for_against() -> list[OptionSpec]:
    with translation.override(settings.LANGUAGE_CODE):
        return [OptionSpec(rules.FOR, _("In favour")), OptionSpec(rules.AGAINST, _("Against"))]


def candidates(memberships: Iterable[Membership]) -> list[OptionSpec]:
    """One option per candidate, then the blank ballot elections always allow."""
    options = [OptionSpec(f"c{i}", m.user.full_name, m) for i, m in enumerate(memberships, start=1)]
    with translation.override(settings.LANGUAGE_CODE):
        return [*options, OptionSpec(rules.BLANK, _("Blank ballot"))]


def eligible_electors(mesa: Mesa, kind: str) -> list[Membership]:
    """The electorate of a new vote (DOMAIN.md §3): who may vote at this moment.

    Admissions and elections: the active citizen members. Executive Committee decisions: the
    citizen members holding an office of the Executive Committee. Suspended members,
    officials, honorary citizens, volunteers and guests never vote.
    """
    today = mesa.today()
    current = (
        Membership.objects.current()
        .filter(mesa=mesa, kind=Membership.Kind.CITIZEN, started_on__lte=today)
        .select_related("user", "mesa")
    )
    if kind == rules.DECISION:
        holders = Office.objects.current(today).filter(mesa=mesa, kind__in=EXECUTIVE_OFFICES)
        current = current.filter(pk__in=holders.values("membership_id"))
    return sorted((m for m in current if m.is_current()), key=lambda m: m.user.full_name)


@transaction.atomic
def open_vote(
    *,
    mesa: Mesa,
    kind: str,
    question: str,
    options: Sequence[OptionSpec],
    electorate: Sequence[Membership] | None = None,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    previous: Vote | None = None,
    by: Any = None,
    request: Any = None,
) -> Vote:
    """Open a vote now: freeze its electorate and rule, start its ledger, e-mail every elector."""
    opens_at = opens_at or timezone.now()
    closes_at = closes_at or rules.window_for(mesa, kind, opens_at)
    electorate = list(electorate) if electorate is not None else eligible_electors(mesa, kind)
    if not electorate:
        raise ValidationError(_("Nobody may vote: the electorate is empty."))
    if len({o.key for o in options}) != len(options) or len(options) < 2:
        raise ValidationError(_("A ballot needs at least two different options."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The vote must close after it opens.")})
    vote = Vote(
        mesa=mesa,
        kind=kind,
        question=question.strip(),
        rule=rules.rule_for(mesa, kind),
        opens_at=opens_at,
        closes_at=closes_at,
        electorate_size=len(electorate),
        round=previous.round + 1 if previous else 1,
        previous=previous,
        opened_by=getattr(by, "user", by) if by is not None else None,
    )
    vote.full_clean(exclude=["previous", "opened_by"])
    vote.save()
    Option.objects.bulk_create(
        Option(vote=vote, key=o.key, label=o.label, candidate=o.candidate, position=i) for i, o in enumerate(options)
    )
    electors = [Elector(vote=vote, membership=m, name=m.user.full_name, email=m.user.email) for m in electorate]
    for elector in electors:
        elector.save()
    ledger.append(
        vote,
        LedgerEntry.Event.OPEN,
        {
            "kind": kind,
            "question": vote.question,
            "rule": vote.rule,
            "opens_at": ledger.stamp(opens_at),
            "closes_at": ledger.stamp(closes_at),
            "options": [{"key": o.key, "label": o.label} for o in options],
            "electors": sorted(str(e.public_id) for e in electors),
            "previous": str(previous.public_id) if previous else None,
        },
        opens_at,
    )
    for elector in electors:
        token = secrets.token_urlsafe(32)  # 256 bits
        BallotLink.objects.create(elector=elector, token_hash=hash_secret(token), expires_at=closes_at)
        notices.opened(vote, elector, token)
    record(AuditEvent.Action.CREATE, obj=vote, actor=by, after=snapshot(vote), request=request)
    transaction.on_commit(lambda: _schedule(vote), robust=True)
    return vote


def _schedule(vote: Vote) -> None:
    """Jobs for the reminders and the close. The deadline holds without them (see `Vote.is_open`)."""
    from msj.votes.tasks import close_vote_task, send_vote_reminders_task

    for hours in notices.REMINDER_HOURS:
        at = vote.closes_at - dt.timedelta(hours=hours)
        if at > timezone.now():
            send_vote_reminders_task.using(run_after=at).enqueue(vote.pk)
    close_vote_task.using(run_after=vote.closes_at).enqueue(vote.pk)


@dataclass(frozen=True)
class Receipt:
    ballot: Ballot
    secret: str


def _lock(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().select_related("mesa").get(pk=vote.pk)


@transaction.atomic
def cast_ballot(
    *, vote: Vote, elector: Elector, option_key: str, channel: str, source: str = "", at: dt.datetime | None = None
) -> Receipt:
    """Record an elector's one ballot; refuse a second one and any ballot once the vote is closed.

    `at` is when the ballot was cast when that is not now: an e-mailed ballot imported later
    counts at the moment it was sent, provided the vote has not closed since.
    """
    vote = _lock(vote)
    now = timezone.now()
    if vote.status == Vote.Status.CLOSED or not vote.is_open(now):
        raise ValidationError(_("This vote is closed: no more ballots are taken."))
    if elector.vote_id != vote.pk:
        raise ValidationError(_("This person is not an elector of this vote."))
    if Ballot.objects.filter(elector=elector).exists():
        raise ValidationError(_("You have already voted. The first ballot is final and cannot be changed."))
    option = Option.objects.filter(vote=vote, key=option_key).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of the options on the ballot.")})
    cast_at = at or now
    if not vote.opens_at <= cast_at < vote.closes_at:
        raise ValidationError(_("The ballot was cast outside the voting window."))
    secret = secrets.token_hex(16)
    receipt = ledger.receipt_for(
        vote_public_id=vote.public_id, elector_public_id=elector.public_id, option_key=option.key, secret=secret
    )
    ballot = Ballot(
        vote=vote, elector=elector, option=option, channel=channel, cast_at=cast_at, receipt=receipt, source=source
    )
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError:
        raise ValidationError(_("You have already voted. The first ballot is final and cannot be changed.")) from None
    ledger.append(
        vote,
        LedgerEntry.Event.BALLOT,
        {
            "ballot": str(ballot.public_id),
            "elector": str(elector.public_id),
            "option": option.key,
            "channel": channel,
            "cast_at": ledger.stamp(cast_at),
            "receipt": receipt,
        },
        now,
    )
    vote.ballots_cast += 1
    vote.save(update_fields=["ballots_cast", "updated_at"])
    notices.receipt(vote, elector, ballot, secret)
    if vote.ballots_cast >= vote.electorate_size:
        _close_locked(vote, now, Vote.CloseReason.EVERYONE_VOTED)
    return Receipt(ballot=ballot, secret=secret)


def elector_for(vote: Vote, user: Any) -> Elector | None:
    return Elector.objects.filter(vote=vote, membership__user=user).select_related("membership__user").first()


def cast_in_app(*, vote: Vote, user: Any, option_key: str) -> Receipt:
    elector = elector_for(vote, user)
    if elector is None:
        raise ValidationError(_("You are not in this vote's electorate, which was fixed when it opened."))
    return cast_ballot(vote=vote, elector=elector, option_key=option_key, channel=Ballot.Channel.APP)


def link_for_token(token: str) -> BallotLink | None:
    """The personal link a token opens, or None. Only the hash is looked up."""
    if not token or len(token) > 100:
        return None
    return (
        BallotLink.objects.filter(token_hash=hash_secret(token))
        .select_related("elector__vote__mesa", "elector__membership__user")
        .first()
    )


def cast_with_link(*, token: str, option_key: str, passkey_confirmed: bool) -> Receipt:
    """Cast through the personal link: single use, expiring at the close, bound to one elector.

    When the elector has a passkey, the ballot also needs the person signed in with it.
    """
    link = link_for_token(token)
    if link is None:
        raise ValidationError(_("This voting link is not valid."))
    if timezone.now() >= link.expires_at:
        raise ValidationError(_("This vote is closed: no more ballots are taken."))
    if link_needs_passkey(link) and not passkey_confirmed:
        raise ValidationError(_("Sign in with your passkey to cast this ballot."))
    return cast_ballot(vote=link.elector.vote, elector=link.elector, option_key=option_key, channel=Ballot.Channel.LINK)


def link_needs_passkey(link: BallotLink) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user_id=link.elector.membership.user_id, type=Authenticator.Type.WEBAUTHN
    ).exists()


# --- closing ---------------------------------------------------------------------------------


def count_ballots(vote: Vote) -> dict[str, int]:
    """Ballots per option key, every option listed (zero included)."""
    counted = dict(
        Ballot.objects.filter(vote=vote).values("option__key").annotate(n=Count("id")).values_list("option__key", "n")
    )
    return {key: counted.get(key, 0) for key in vote.options.values_list("key", flat=True)}


def close_vote(vote: Vote, *, now: dt.datetime | None = None) -> Result:
    """Record the close and the result of a vote whose deadline passed; idempotent.

    Closing twice returns the stored result. Closing before the deadline is refused unless
    every elector has voted (that close happens with the last ballot).
    """
    return _close(vote, now)[0]


@transaction.atomic
def _close(vote: Vote, now: dt.datetime | None) -> tuple[Result, bool]:
    """Close the vote if it is not yet; return its result and whether this call closed it."""
    vote = _lock(vote)
    if vote.status == Vote.Status.CLOSED:
        return Result.objects.get(vote=vote), False
    now = now or timezone.now()
    if vote.is_open(now):
        raise ValidationError(_("The vote is still open until its deadline."))
    reason = Vote.CloseReason.EVERYONE_VOTED if vote.ballots_cast >= vote.electorate_size else Vote.CloseReason.DEADLINE
    return _close_locked(vote, now, reason), True


def _close_locked(vote: Vote, now: dt.datetime, reason: str) -> Result:
    closed_at = min(now, vote.closes_at) if reason == Vote.CloseReason.DEADLINE else now
    ledger.append(
        vote,
        LedgerEntry.Event.CLOSE,
        {"reason": reason, "closed_at": ledger.stamp(closed_at), "ballots_cast": vote.ballots_cast},
        now,
    )
    counts = count_ballots(vote)
    outcome = rules.decide(vote.rule, vote.electorate_size, counts)
    receipts = sorted(Ballot.objects.filter(vote=vote).values_list("receipt", flat=True))
    entry = ledger.append(
        vote,
        LedgerEntry.Event.RESULT,
        {
            "valid": outcome.valid,
            "outcome": outcome.outcome,
            "winner": outcome.winner,
            "counts": counts,
            "electorate": vote.electorate_size,
            "cast": sum(counts.values()),
            "receipts": receipts,
        },
        now,
    )
    winner = Option.objects.get(vote=vote, key=outcome.winner) if outcome.winner else None
    result = Result(
        vote=vote,
        valid=outcome.valid,
        outcome=outcome.outcome,
        winner=winner,
        counts=counts,
        electorate_size=vote.electorate_size,
        ballots_cast=sum(counts.values()),
        computed_at=now,
        ledger_hash=entry.hash,
    )
    result.save()
    before = snapshot(vote)
    vote.status = Vote.Status.CLOSED
    vote.closed_at = closed_at
    vote.close_reason = reason
    vote.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=vote, before=before, after=snapshot(vote))
    vote_closed.send(sender=Vote, vote=vote, result=result)
    for elector in Elector.objects.filter(vote=vote):
        notices.result(vote, elector, result)
    return result


def close_due_votes(now: dt.datetime | None = None) -> int:
    """Close every vote past its deadline; each in its own transaction. Returns how many closed."""
    now = now or timezone.now()
    closed = 0
    for vote in Vote.objects.filter(status=Vote.Status.OPEN, closes_at__lte=now):
        try:
            closed += _close(vote, now)[1]
        except Exception:  # one vote's failure must not keep the others open; the next run retries
            logger.exception("Could not close vote %s.", vote.public_id)
    return closed


def send_reminders(vote: Vote, now: dt.datetime | None = None) -> int:
    """Remind the electors who have not voted, 48 h and 24 h before the close; each at most once."""
    now = now or timezone.now()
    if not vote.is_open(now):
        return 0
    due = [h for h in notices.REMINDER_HOURS if now >= vote.closes_at - dt.timedelta(hours=h)]
    if not due:
        return 0
    hours = min(due)  # a late run sends the nearer reminder only, not both at once
    sent = 0
    for elector in Elector.objects.filter(vote=vote, ballot__isnull=True):
        notices.reminder(vote, elector, hours)
        sent += 1
    return sent


def send_due_reminders(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(send_reminders(vote, now) for vote in Vote.objects.filter(status=Vote.Status.OPEN, closes_at__gt=now))


# --- review ------------------------------------------------------------------------------------


@transaction.atomic
def request_review(*, vote: Vote, membership: Membership, reason: str, request: Any = None) -> Review:
    """A citizen member's review: an independent recount and check of the chain, kept as a new record."""
    from msj.votes.verify import verify_vote

    vote = _lock(vote)
    if vote.status != Vote.Status.CLOSED:
        raise ValidationError(_("A count can be reviewed once the vote is closed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you ask for a review.")})
    report = verify_vote(vote)
    now = timezone.now()
    review = Review(
        vote=vote,
        requested_by=membership,
        reason=reason.strip(),
        requested_at=now,
        counts=report.recount,
        outcome=report.outcome,
        matches=report.result_matches,
        chain_intact=report.chain_intact,
        problems=report.problems,
    )
    review.save()
    ledger.append(
        vote,
        LedgerEntry.Event.REVIEW,
        {
            "review": str(review.public_id),
            "counts": report.recount,
            "outcome": report.outcome,
            "matches": report.result_matches,
            "chain_intact": report.chain_intact,
        },
        now,
    )
    record(AuditEvent.Action.CREATE, obj=review, actor=membership.user, mesa=vote.mesa, request=request)
    return review
