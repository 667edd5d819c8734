"""queue_email: at most once per key, nothing for a rolled-back transaction, sent only by the job."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from msj.notifications.models import OutboundEmail
from msj.notifications.services import queue_email
from msj.notifications.tasks import deliver_email

pytestmark = pytest.mark.django_db


def queue(key: str = "test:1", **overrides):
    fields = {
        "key": key,
        "to": ["beto@example.org"],
        "subject": "Reunión ordinaria",
        "body_text": "Hola, Beto.",
    }
    fields.update(overrides)
    return queue_email(**fields)


class Boom(Exception):
    pass


def test_same_key_twice_is_one_row_and_one_message(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue(subject="Otro asunto")
    assert second.pk == first.pk
    assert OutboundEmail.objects.count() == 1
    assert DBTaskResult.objects.filter(queue_name="mail").count() == 1

    run_jobs()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reunión ordinaria"

    # The same key later, after delivery, still sends nothing new.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = queue()
    assert again.pk == first.pk
    assert callbacks == []
    run_jobs()
    assert len(mail.outbox) == 1


def test_rolled_back_transaction_queues_and_sends_nothing(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom), transaction.atomic():
        queue()
        raise Boom
    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert not DBTaskResult.objects.exists()
    run_jobs()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_job_runs(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert mail.outbox == []
    assert email.status == OutboundEmail.Status.QUEUED

    assert run_jobs() == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    [message] = mail.outbox
    assert message.to == ["beto@example.org"]
    assert message.body == "Hola, Beto."
    assert message.extra_headers["Message-ID"] == email.message_id


def test_running_the_job_again_sends_nothing(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    run_jobs()
    assert deliver_email.call(email.pk) == "skipped"
    deliver_email.enqueue(email.pk)
    deliver_email.enqueue(email.pk)
    run_jobs()
    assert len(mail.outbox) == 1


def test_two_jobs_for_one_queued_message_send_it_once(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    deliver_email.enqueue(email.pk)  # e.g. a recovery racing the original job
    assert run_jobs() == 2
    assert len(mail.outbox) == 1


def test_html_body_mesa_and_attachment(django_capture_on_commit_callbacks, run_jobs, personas):
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(
            body_html="<p>Hola, Beto.</p>",
            mesa=personas.mesa_a,
            attachments=[{"filename": "reunion.ics", "content": ics, "mimetype": "text/calendar"}],
        )
    assert email.mesa == personas.mesa_a
    run_jobs()
    [message] = mail.outbox
    assert message.alternatives[0][:2] == ("<p>Hola, Beto.</p>", "text/html")
    assert message.attachments[0][:3] == ("reunion.ics", ics, "text/calendar")


@pytest.mark.parametrize("to", [[], ["not an address"], "beto@example.org"])
def test_bad_recipients_are_refused(to):
    with pytest.raises(ValidationError):
        queue(to=to)
    assert not OutboundEmail.objects.exists()


def test_message_id_depends_on_the_key_alone():
    a = OutboundEmail(idempotency_key="vote-opened:1:2")
    b = OutboundEmail(idempotency_key="vote-opened:1:2", subject="other")
    c = OutboundEmail(idempotency_key="vote-opened:1:3")
    assert a.message_id == b.message_id != c.message_id
    assert a.message_id.startswith("<") and a.message_id.endswith("@localhost>")
    assert "vote-opened" not in a.message_id
