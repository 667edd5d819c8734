"""The vote engine: electorate, one ballot per elector, closing, results, ledger and guards."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from msj.members.models import Membership
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail
from msj.votes import guards, services
from msj.votes.models import Ballot, Elector, LedgerEntry, Result, Vote, WrittenOnce
from msj.votes.testing import add_citizens, open_admission, open_election
from msj.votes.verify import verify_vote

pytestmark = pytest.mark.django_db


def cast_all(vote: Vote, choices: list[str]) -> None:
    for elector, key in zip(Elector.objects.filter(vote=vote).order_by("id"), choices, strict=False):
        services.cast_ballot(vote=vote, elector=elector, option_key=key, channel=Ballot.Channel.APP)


def test_the_electorate_is_the_active_citizen_members_frozen_at_opening(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    names = set(Elector.objects.filter(vote=vote).values_list("membership__user__email", flat=True))
    # Ana, Eva, Beto are citizens; Olga (official) and Sara (staff) never vote on membership.
    assert names == {"ana@example.org", "eva@example.org", "beto@example.org"}
    assert vote.electorate_size == 3
    newcomer = add_citizens(personas.mesa_a, 1)[0]
    assert not Elector.objects.filter(vote=vote, membership=newcomer).exists()
    with pytest.raises(ValidationError, match="electorate"):
        services.cast_in_app(vote=vote, user=newcomer.user, option_key="for")


def test_suspended_members_are_not_electors(personas: Personas) -> None:
    Membership.objects.filter(mesa=personas.mesa_a, user=personas.beto).update(status=Membership.Status.SUSPENDED)
    vote = open_admission(personas.mesa_a)
    assert vote.electorate_size == 2


def test_the_first_ballot_is_final(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    with pytest.raises(ValidationError, match="first ballot is final"):
        services.cast_in_app(vote=vote, user=personas.beto, option_key="against")
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_closes_early_once_everyone_voted_and_counts(personas: Personas) -> None:
    electors = add_citizens(personas.mesa_a, 7)
    vote = open_admission(personas.mesa_a)  # 10 electors
    cast_all(vote, ["for"] * 6 + ["against"] * 2)  # 8 ballots: valid, 2 of 8 = 25 % against
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN and vote.ballots_cast == 8
    with time_machine.travel(vote.closes_at):
        result = services.close_vote(vote)
    assert (result.valid, result.outcome) == (True, "rejected")
    assert result.counts == {"for": 6, "against": 2}
    assert len(electors) == 7
    # Closing again gives the same stored result.
    assert services.close_vote(vote).pk == result.pk
    assert verify_vote(vote).ok


def test_a_vote_reads_closed_from_its_deadline_without_any_job(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    with time_machine.travel(vote.closes_at - dt.timedelta(microseconds=1)):
        assert vote.is_open(timezone.now())
    with time_machine.travel(vote.closes_at):
        assert not vote.is_open(timezone.now())
        with pytest.raises(ValidationError, match="closed"):
            services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
        assert services.close_due_votes() == 1
        assert services.close_due_votes() == 0
    assert Result.objects.filter(vote=vote).count() == 1
    assert LedgerEntry.objects.filter(vote=vote, event="close").count() == 1


def test_closing_before_the_deadline_is_refused(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    with pytest.raises(ValidationError, match="still open"):
        services.close_vote(vote)


def test_the_last_ballot_closes_the_vote(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    cast_all(vote, ["for", "for", "for"])
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED and vote.close_reason == Vote.CloseReason.EVERYONE_VOTED
    assert vote.result.outcome == "admitted"
    assert OutboundEmail.objects.filter(idempotency_key__startswith=f"vote-result:{vote.public_id}").count() == 3


def test_an_election_with_blank_ballots(personas: Personas) -> None:
    citizens = add_citizens(personas.mesa_a, 17)  # 20 electors
    vote = open_election(personas.mesa_a, citizens[:2])
    # 18 ballots: c1 gets 11, c2 4, blank 3 → 11 of 15 valid ≥ 2/3.
    cast_all(vote, ["c1"] * 11 + ["c2"] * 4 + ["blank"] * 3)
    with time_machine.travel(vote.closes_at):
        result = services.close_vote(vote)
    assert (result.valid, result.outcome, result.winner.key) == (True, "elected", "c1")


def test_seventeen_of_twenty_is_no_quorum_for_an_election(personas: Personas) -> None:
    citizens = add_citizens(personas.mesa_a, 17)
    vote = open_election(personas.mesa_a, citizens[:2])
    cast_all(vote, ["c1"] * 17)
    with time_machine.travel(vote.closes_at):
        result = services.close_vote(vote)
    assert (result.valid, result.outcome) == (False, "invalid")


def test_notifications_are_queued_once_each(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    opened = OutboundEmail.objects.filter(idempotency_key__startswith=f"vote-opened:{vote.public_id}")
    assert opened.count() == 3
    assert "3 people" in opened.first().body_text or "3 personas" in opened.first().body_text
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    with time_machine.travel(vote.closes_at - dt.timedelta(hours=48)):
        assert services.send_due_reminders() == 2
        assert services.send_due_reminders() == 2  # queued again under the same keys: no new row
    with time_machine.travel(vote.closes_at - dt.timedelta(hours=24)):
        services.send_due_reminders()
    reminders = OutboundEmail.objects.filter(idempotency_key__contains="reminder")
    assert reminders.count() == 4
    assert all(r.to != ["beto@example.org"] for r in reminders)


def test_rows_are_written_once_in_the_application_and_in_the_database(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    ballot = Ballot.objects.get(vote=vote)
    with pytest.raises(WrittenOnce):
        ballot.save()
    with pytest.raises(WrittenOnce):
        Ballot.objects.filter(pk=ballot.pk).update(option=ballot.option)
    for sql in (
        "UPDATE votes_ballot SET channel = 'email'",
        "DELETE FROM votes_ballot",
        "UPDATE votes_ledgerentry SET payload = '{}'",
        "DELETE FROM votes_ledgerentry",
        "DELETE FROM votes_elector",
        "DELETE FROM votes_vote",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    for user in (personas.ana, personas.eva):
        services.cast_in_app(vote=vote, user=user, option_key="for")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE votes_vote SET ballots_cast = 0")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE votes_result SET outcome = 'rejected'")


def test_tampering_is_detected_by_the_verifier(personas: Personas) -> None:
    add_citizens(personas.mesa_a, 2)
    vote = open_admission(personas.mesa_a)
    cast_all(vote, ["for", "for", "for", "against", "for"])
    vote.refresh_from_db()
    assert verify_vote(vote).ok
    against = Ballot.objects.get(vote=vote, option__key="against")
    guards.remove(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE votes_ballot SET option_id = %s WHERE id = %s",
                [vote.options.get(key="for").pk, against.pk],
            )
        report = verify_vote(vote)
        assert not report.ok
        assert any("differs from what the ledger recorded" in p for p in report.problems)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE votes_ledgerentry SET payload = %s WHERE vote_id = %s AND event = 'result'",
                ['{"counts": {"for": 5, "against": 0}}', vote.pk],
            )
        report = verify_vote(vote)
        assert not report.chain_intact
        assert any("was altered" in p for p in report.problems)
    finally:
        guards.install(connection)


def test_the_verification_command_reports_tampering(personas: Personas) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    vote = open_admission(personas.mesa_a)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    out = StringIO()
    call_command("verify_votes", "--mesa", "mesa-a", stdout=out)
    assert f"OK mesa-a {vote.public_id}" in out.getvalue()
    guards.remove(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE votes_ballot SET channel = 'email'")
        out = StringIO()
        with pytest.raises(CommandError, match="1 vote"):
            call_command("verify_votes", stdout=out)
        assert f"TAMPERED mesa-a {vote.public_id}" in out.getvalue()
    finally:
        guards.install(connection)


def test_the_periodic_command_closes_what_is_due(personas: Personas) -> None:
    from io import StringIO

    from django.core.management import call_command

    vote = open_admission(personas.mesa_a)
    out = StringIO()
    with time_machine.travel(vote.closes_at + dt.timedelta(minutes=1)):
        call_command("run_vote_jobs", stdout=out)
    assert "closed=1" in out.getvalue()
    assert Vote.objects.get(pk=vote.pk).status == Vote.Status.CLOSED
