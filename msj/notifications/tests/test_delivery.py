"""Delivery jobs: back-off, giving up, and recovering what a killed worker left behind."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from msj.notifications import tasks
from msj.notifications.models import OutboundEmail
from msj.notifications.services import queue_email
from msj.notifications.tests.conftest import travel_past_backoff

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


class BrokenBackend(BaseEmailBackend):
    """A mail server that is always down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def queue(key: str = "test:1") -> OutboundEmail:
    return queue_email(key=key, to=["ana@example.org"], subject="Aviso", body_text="Texto del aviso.")


@pytest.fixture
def queued(django_capture_on_commit_callbacks) -> OutboundEmail:
    with django_capture_on_commit_callbacks(execute=True):
        return queue()


def test_retry_delay_doubles():
    assert [tasks.retry_delay(n).total_seconds() / 60 for n in range(1, 8)] == [1, 2, 4, 8, 16, 32, 64]


def test_a_failure_is_recorded_and_retried_later(settings, queued, run_jobs, no_worker_recovery):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    before = timezone.now()
    run_jobs()
    queued.refresh_from_db()
    assert queued.status == Status.QUEUED
    assert queued.attempts == 1
    assert "SMTPServerDisconnected" in queued.last_error
    assert queued.next_attempt_at >= before + dt.timedelta(minutes=1)
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.queue_name == "mail"
    assert retry.args_kwargs == {"args": [queued.pk], "kwargs": {}}
    assert retry.run_after == queued.next_attempt_at
    # Not due yet: the worker finds nothing to do.
    assert run_jobs() == 0

    # The server is back and the back-off has passed: delivered once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    travel_past_backoff()
    assert run_jobs() == 1
    queued.refresh_from_db()
    assert queued.status == Status.SENT
    assert queued.attempts == 2
    assert queued.last_error == ""
    assert len(mail.outbox) == 1


def test_an_early_duplicate_job_waits_for_the_back_off(settings, queued, run_jobs, no_worker_recovery):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    run_jobs()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.deliver_email.call(queued.pk) == "skipped"
    assert mail.outbox == []


def test_gives_up_after_max_attempts_and_logs_an_error(settings, queued, run_jobs, no_worker_recovery, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    for _ in range(tasks.MAX_ATTEMPTS):
        travel_past_backoff()
        assert run_jobs() == 1
    queued.refresh_from_db()
    assert queued.status == Status.FAILED
    assert queued.attempts == tasks.MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert any(r.levelno == logging.ERROR and str(queued.public_id) in r.getMessage() for r in caplog.records)
    # A failed message stays failed, whatever job comes along.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.deliver_email.call(queued.pk) == "skipped"
    call_command("msj_requeue_mail", "--older-than", "0")
    assert mail.outbox == []


def simulate_worker_killed_while_sending(email: OutboundEmail, minutes_ago: int = 30) -> None:
    """Leave the row and its job as a worker killed mid-delivery leaves them."""
    claimed_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, claimed_at=claimed_at, attempts=1)
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING", started_at=claimed_at)


def test_worker_killed_between_commit_and_send_delivers_exactly_once(queued, run_jobs, no_worker_recovery):
    simulate_worker_killed_while_sending(queued)
    assert run_jobs() == 0  # its job is gone with the worker

    assert call_command_output("msj_requeue_mail") == "Re-queued 1 outbox message.\n"
    queued.refresh_from_db()
    assert queued.status == Status.QUEUED
    assert "Abandoned" in queued.last_error

    assert run_jobs() == 1
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == Status.SENT
    assert queued.attempts == 2

    # Recovery and workers again: nothing more.
    call_command_output("msj_requeue_mail", "--older-than", "0")
    tasks.deliver_email.enqueue(queued.pk)
    run_jobs()
    assert len(mail.outbox) == 1


def test_recovery_leaves_a_message_being_sent_right_now_alone(queued, run_jobs, no_worker_recovery):
    simulate_worker_killed_while_sending(queued, minutes_ago=1)
    assert tasks.requeue_stalled_mail() == 0
    queued.refresh_from_db()
    assert queued.status == Status.SENDING


def test_a_sent_message_is_never_sent_again(queued, run_jobs, no_worker_recovery):
    run_jobs()
    assert len(mail.outbox) == 1
    OutboundEmail.objects.filter(pk=queued.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1), next_attempt_at=timezone.now() - dt.timedelta(days=1)
    )
    assert tasks.requeue_stalled_mail(older_than=dt.timedelta(0)) == 0
    tasks.deliver_email.enqueue(queued.pk)
    run_jobs()
    assert len(mail.outbox) == 1


def test_a_queued_message_whose_job_was_lost_is_recovered(run_jobs, no_worker_recovery):
    # The web process died after the commit, before its on_commit hook enqueued the job.
    email = queue()  # on_commit callbacks are not run: no job
    assert not DBTaskResult.objects.exists()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - dt.timedelta(hours=1))
    assert tasks.requeue_stalled_mail() == 1
    # A second recovery right away does not pile up more jobs.
    assert tasks.requeue_stalled_mail() == 0
    assert run_jobs() == 1
    assert len(mail.outbox) == 1


def test_the_worker_runs_the_recovery_by_itself(monkeypatch, queued, run_jobs, django_capture_on_commit_callbacks):
    simulate_worker_killed_while_sending(queued)
    with django_capture_on_commit_callbacks(execute=True):
        other = queue("test:2")
    monkeypatch.setattr(tasks, "_last_recovery", None)
    run_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ana@example.org"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {Status.SENT}
    assert OutboundEmail.objects.get(pk=other.pk).attempts == 1


def test_abandoned_on_the_last_attempt_is_failed(queued, no_worker_recovery):
    simulate_worker_killed_while_sending(queued)
    OutboundEmail.objects.filter(pk=queued.pk).update(attempts=tasks.MAX_ATTEMPTS)
    assert tasks.requeue_stalled_mail() == 0
    queued.refresh_from_db()
    assert queued.status == Status.FAILED


def call_command_output(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return out.getvalue()
