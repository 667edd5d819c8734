"""Several workers racing for one message: exactly one sends it (PostgreSQL, real transactions)."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from msj.notifications.models import OutboundEmail
from msj.notifications.services import queue_email
from msj.notifications.tasks import deliver_email

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_racing_jobs_send_one_message(no_worker_recovery):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers anyway")
    email = queue_email(key="race:1", to=["sara@example.org"], subject="Aviso", body_text="Texto.")
    barrier = threading.Barrier(8)
    results: list[str] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(deliver_email.call(email.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["sent"] + ["skipped"] * 7
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 1)
