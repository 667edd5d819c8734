"""Faults: a crash at any step of closing leaves the vote as it was, and a retry gives the same
result; e-mail of a vote is delivered once even when the worker dies; no job is needed for the
deadline to hold."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db.models.signals import pre_save

from msj.audit.models import AuditEvent
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail
from msj.notifications.tasks import STALLED_AFTER, deliver_email, requeue_stalled_mail
from msj.votes import services
from msj.votes.models import Ballot, LedgerEntry, Result, Vote
from msj.votes.testing import add_citizens, open_admission
from msj.votes.verify import verify_vote

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


class CrashOn:
    """Make the n-th save of `model` fail, as a process dying at that point would."""

    def __init__(self, model: type, nth: int = 1) -> None:
        self.model, self.nth, self.seen = model, nth, 0

    def __call__(self, sender: type, **kwargs: Any) -> None:
        self.seen += 1
        if self.seen == self.nth:
            raise Crash(f"crash at save {self.nth} of {self.model.__name__}")

    def __enter__(self) -> CrashOn:
        pre_save.connect(self, sender=self.model, weak=False)
        return self

    def __exit__(self, *exc: object) -> None:
        pre_save.disconnect(self, sender=self.model)


def crash_in_receiver(**kwargs: Any) -> None:
    raise Crash("a process built on votes failed while applying the outcome")


@pytest.fixture
def due_vote(personas: Personas) -> Iterator[Vote]:
    add_citizens(personas.mesa_a, 2)
    vote = open_admission(personas.mesa_a)  # 5 electors
    for user in (personas.ana, personas.eva, personas.beto):
        services.cast_in_app(vote=vote, user=user, option_key="for")
    services.cast_ballot(
        vote=vote, elector=vote.electors.exclude(ballot__isnull=False).first(), option_key="against", channel="app"
    )
    with time_machine.travel(vote.closes_at):
        yield vote


# Every write the close makes, in order: the ledger's close entry, the ledger's result entry, the
# result row, the vote row, its audit event, and the first and last result e-mails.
STEPS = [
    (LedgerEntry, 1),
    (LedgerEntry, 2),
    (Result, 1),
    (Vote, 1),
    (AuditEvent, 1),
    (OutboundEmail, 1),
    (OutboundEmail, 5),
]


@pytest.mark.parametrize(("model", "nth"), STEPS, ids=[f"{m.__name__}-{n}" for m, n in STEPS])
def test_a_crash_at_any_step_of_closing_leaves_the_vote_consistent(due_vote: Vote, model: type, nth: int) -> None:
    ledger_before = list(LedgerEntry.objects.filter(vote=due_vote).values_list("hash", flat=True))
    with CrashOn(model, nth), pytest.raises(Crash):
        services.close_vote(due_vote)
    due_vote.refresh_from_db()
    assert due_vote.status == Vote.Status.OPEN
    assert not Result.objects.filter(vote=due_vote).exists()
    assert list(LedgerEntry.objects.filter(vote=due_vote).values_list("hash", flat=True)) == ledger_before
    assert not OutboundEmail.objects.filter(idempotency_key__startswith=f"vote-result:{due_vote.public_id}").exists()
    assert verify_vote(due_vote).ok
    result = services.close_vote(due_vote)  # the retry
    # 4 of 5 electors is the quorum (80 %); 1 of 4 against is exactly the veto (25 %).
    assert (result.valid, result.outcome, result.counts) == (True, "rejected", {"for": 3, "against": 1})
    assert OutboundEmail.objects.filter(idempotency_key__startswith=f"vote-result:{due_vote.public_id}").count() == 5
    assert verify_vote(due_vote).ok


def test_a_failing_receiver_rolls_the_close_back_and_the_job_retries(due_vote: Vote) -> None:
    services.vote_closed.connect(crash_in_receiver, weak=False)
    try:
        assert services.close_due_votes() == 0  # logged, the vote stays open for the next run
    finally:
        services.vote_closed.disconnect(crash_in_receiver)
    assert Vote.objects.get(pk=due_vote.pk).status == Vote.Status.OPEN
    assert services.close_due_votes() == 1
    assert services.close_due_votes() == 0
    assert Result.objects.filter(vote=due_vote).count() == 1


def test_with_no_job_runner_the_vote_reads_closed_and_closes_once(due_vote: Vote, personas: Personas) -> None:
    # No job has run: the vote is open in the database, closed for everyone who reads it.
    vote = Vote.objects.get(pk=due_vote.pk)
    assert vote.status == Vote.Status.OPEN and not vote.is_open(vote.closes_at)
    last = vote.electors.exclude(ballot__isnull=False).first()
    with pytest.raises(services.ValidationError, match="closed"):
        services.cast_ballot(vote=vote, elector=last, option_key="for", channel="app")
    services.close_vote(vote)
    services.close_vote(vote)
    assert services.close_due_votes() == 0
    assert LedgerEntry.objects.filter(vote=vote, event="result").count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 4


def test_the_mail_worker_killed_between_commit_and_send_delivers_each_message_once(due_vote: Vote) -> None:
    services.close_vote(due_vote)
    results = OutboundEmail.objects.filter(idempotency_key__startswith=f"vote-result:{due_vote.public_id}")
    assert results.count() == 5
    mail.outbox.clear()
    # The vote committed and the worker died before running any job: every message is queued.
    assert set(results.values_list("status", flat=True)) == {"queued"}
    # A worker dies after claiming one message, before the SMTP conversation.
    first = results.order_by("id").first()
    OutboundEmail.objects.filter(pk=first.pk).update(status="sending", claimed_at=due_vote.closes_at)
    with time_machine.travel(due_vote.closes_at + STALLED_AFTER * 2):
        requeue_stalled_mail()
        # Jobs run, some twice (the original job and the recovery's): each sends once.
        for email in results:
            deliver_email.call(email.pk)
            deliver_email.call(email.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(results.values_list("to__0", flat=True))
    assert len(mail.outbox) == 5
    assert set(results.values_list("status", flat=True)) == {"sent"}
