"""Votes under real concurrency (PostgreSQL, real transactions, one connection per thread)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone, translation

from msj.members.testing import Personas
from msj.votes import services
from msj.votes.models import Ballot, Elector, LedgerEntry, Result, Vote
from msj.votes.testing import MATRIX_TOKEN, add_citizens, open_admission, vote_fixtures
from msj.votes.verify import verify_vote

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

THREADS = 40  # PostgreSQL allows 100 connections; the other test worker needs some too


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers anyway")


def run_at_once(jobs: list[Callable[[], Any]], threads: int = THREADS) -> list[Any]:
    """Run the jobs on `threads` threads released together; return each job's result or exception."""
    results: list[Any] = [None] * len(jobs)
    barrier = threading.Barrier(min(threads, len(jobs)))
    lock = threading.Lock()
    pending = list(enumerate(jobs))

    def worker() -> None:
        translation.activate("en")  # each thread has its own language; messages are read in English
        try:
            barrier.wait()
            while True:
                with lock:
                    if not pending:
                        return
                    index, job = pending.pop()
                try:
                    results[index] = job()
                except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
                    results[index] = exc
        finally:
            translation.deactivate()
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(min(threads, len(jobs)))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


def test_a_hundred_electors_at_once(personas: Personas) -> None:
    add_citizens(personas.mesa_a, 97)
    vote = open_admission(personas.mesa_a)
    assert vote.electorate_size == 100
    electors = list(Elector.objects.filter(vote=vote))

    def caster(elector: Elector) -> Callable[[], Any]:
        return lambda: services.cast_ballot(vote=vote, elector=elector, option_key="for", channel="app")

    results = run_at_once([caster(e) for e in electors])
    assert not [r for r in results if isinstance(r, Exception)]
    assert Ballot.objects.filter(vote=vote).count() == 100
    seqs = list(LedgerEntry.objects.filter(vote=vote).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 104))  # open, 100 ballots, close, result
    vote.refresh_from_db()
    assert (
        vote.status == "closed" and vote.close_reason == "everyone" and vote.result.counts == {"for": 100, "against": 0}
    )
    report = verify_vote(vote)
    assert report.ok, report.problems


def test_the_same_elector_through_two_channels_at_once_gives_one_ballot(personas: Personas) -> None:
    vote = vote_fixtures(personas).admission  # Beto's personal link opens with MATRIX_TOKEN
    for _ in range(5):
        results = run_at_once(
            [
                lambda: services.cast_in_app(vote=vote, user=personas.beto, option_key="for"),
                lambda: services.cast_with_link(token=MATRIX_TOKEN, option_key="against", passkey_confirmed=False),
            ]
        )
        assert Ballot.objects.filter(vote=vote, elector__membership__user=personas.beto).count() == 1
        if sum(isinstance(r, services.Receipt) for r in results) == 1:
            refused = next(r for r in results if isinstance(r, ValidationError))
            assert "first ballot is final" in refused.messages[0]
    assert verify_vote(vote).ok


def test_ballots_racing_the_close_are_counted_or_refused_never_lost(personas: Personas) -> None:
    citizens = add_citizens(personas.mesa_a, 57)
    now = timezone.now()
    vote = services.open_vote(
        mesa=personas.mesa_a,
        kind=Vote.Kind.ADMISSION,
        question="¿Admitir a Diana Durán?",
        options=services.for_against(),
        opens_at=now,
        closes_at=now + dt.timedelta(minutes=5),
    )
    electors = list(Elector.objects.filter(vote=vote).order_by("?"))
    assert len(electors) == len(citizens) + 3
    # The deadline moves close once everything is in place (the vote is open: it may still change).
    deadline = timezone.now() + dt.timedelta(seconds=2)
    Vote.objects.filter(pk=vote.pk).update(closes_at=deadline)
    vote.refresh_from_db()

    def caster(elector: Elector, offset: float) -> Callable[[], Any]:
        def job() -> Any:
            time.sleep(max(0.0, (deadline - timezone.now()).total_seconds() + offset))
            return services.cast_ballot(vote=vote, elector=elector, option_key="for", channel="app")

        return job

    def closer() -> int:
        closed = 0
        while timezone.now() < vote.closes_at + dt.timedelta(seconds=1):
            closed += services.close_due_votes()
            time.sleep(0.01)
        return closed

    # Ballots spread over the second around the deadline, and three closers trying all along.
    jobs: list[Callable[[], Any]] = [caster(e, -0.6 + i * 0.02) for i, e in enumerate(electors)]
    jobs += [closer, closer, closer]
    results = run_at_once(jobs, threads=len(jobs))
    receipts = [r for r in results if isinstance(r, services.Receipt)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(receipts) + len(refused) == len(electors)
    assert all("closed" in r.messages[0] for r in refused)
    assert receipts and refused, "the race should straddle the deadline"
    assert sum(r for r in results[-3:]) == 1  # closed exactly once among the three closers
    result = Result.objects.get(vote=vote)
    assert result.counts["for"] == len(receipts) == Ballot.objects.filter(vote=vote).count()
    assert verify_vote(vote).ok


def test_closers_racing_each_other_record_one_result(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    Vote.objects.filter(pk=vote.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1), opens_at=timezone.now() - dt.timedelta(days=1)
    )
    results = run_at_once([lambda: services.close_vote(vote) for _ in range(10)], threads=10)
    assert len({r.pk for r in results}) == 1
    assert Result.objects.filter(vote=vote).count() == 1
    assert LedgerEntry.objects.filter(vote=vote, event="close").count() == 1
