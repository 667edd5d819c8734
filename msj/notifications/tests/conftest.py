"""Run the mail jobs as the db worker would, and a real SMTP server to send them to."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, get_date_max

from msj.notifications.models import OutboundEmail


@pytest.fixture
def run_jobs(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Return a function that runs every ready job, through the real db worker, in batch mode."""
    # The worker closes stale connections between jobs; inside a test transaction that
    # would close the test's own connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        worker = db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks

    return run


@pytest.fixture
def no_worker_recovery(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the worker's periodic recovery out of the way, so a test decides when it runs."""
    monkeypatch.setattr("msj.notifications.tasks._last_recovery", float("inf"))


def travel_past_backoff() -> None:
    """Make every deferred job and every queued message due now, as if the back-off had passed."""
    past = timezone.now() - dt.timedelta(seconds=1)
    DBTaskResult.objects.filter(status="READY", run_after__gt=past).exclude(run_after=get_date_max()).update(
        run_after=past
    )
    OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).update(next_attempt_at=past)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[tuple[list[str], EmailMessage]]:
        return self.inbox.received

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SMTPServer]:
    """Start an SMTP server on a free local port and point Django's SMTP backend at it."""
    server = SMTPServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()
