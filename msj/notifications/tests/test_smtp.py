"""Delivery to a real SMTP server (aiosmtpd on a free local port), including an outage."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from msj.notifications.models import OutboundEmail
from msj.notifications.services import queue_email
from msj.notifications.tests.conftest import travel_past_backoff

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def queue(key: str = "vote-opened:1:olga") -> OutboundEmail:
    return queue_email(
        key=key,
        to=["olga@example.org"],
        subject="Votación abierta: ratificación del acuerdo",
        body_text="Se abrió una votación en la Mesa A. Ingrese a la plataforma para votar.",
        body_html="<p>Se abrió una votación en la Mesa A.</p>",
    )


def test_the_server_receives_the_message(smtp_server, run_jobs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert smtp_server.received == []
    run_jobs()

    [(recipients, message)] = smtp_server.received
    assert recipients == ["olga@example.org"]
    assert message["To"] == "olga@example.org"
    assert message["Subject"] == "Votación abierta: ratificación del acuerdo"
    assert message["Message-ID"] == email.message_id
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert text.get_content().strip() == "Se abrió una votación en la Mesa A. Ingrese a la plataforma para votar."
    assert "<p>Se abrió una votación en la Mesa A.</p>" in html.get_content()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_an_outage_retries_without_losing_or_duplicating(
    smtp_server, run_jobs, no_worker_recovery, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    run_jobs()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.attempts == 1
    assert "Connection" in email.last_error or "refused" in email.last_error.lower()
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.run_after == email.next_attempt_at
    assert retry.run_after > email.created_at

    # Still down at the second attempt.
    travel_past_backoff()
    run_jobs()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.QUEUED, 2)

    smtp_server.start()
    assert run_jobs() == 0  # the back-off (2 minutes now) has not passed yet
    travel_past_backoff()
    run_jobs()
    run_jobs()
    assert len(smtp_server.received) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 3)
    assert smtp_server.received[0][1]["Message-ID"] == email.message_id
