"""Deliver the outbox. Mail leaves msj only from here, on the "mail" queue of the db worker.

A message moves queued → sending → sent, or back to queued with a later `next_attempt_at`
after a failure, or to failed after MAX_ATTEMPTS. Each step is a conditional UPDATE, so two
jobs for the same message (a retry and a recovery, two workers) can never both send it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from msj.notifications.models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_DELAY = dt.timedelta(minutes=1)  # then 2, 4, 8, … minutes
# A message stays in `sending` for the length of one SMTP conversation (EMAIL_TIMEOUT is 20 s
# per operation); one still there after this long belongs to a worker that was killed.
STALLED_AFTER = dt.timedelta(minutes=15)
# Workers look for stalled messages at most this often (per process), before a delivery.
RECOVERY_INTERVAL_SECONDS = 60.0
# Tolerate this much clock difference between the worker that runs a job and the one that
# scheduled it, so a retry is not skipped for being a few seconds early.
CLOCK_SKEW = dt.timedelta(seconds=30)

Status = OutboundEmail.Status
_last_recovery: float | None = None


def retry_delay(attempts: int) -> dt.timedelta:
    """Return how long to wait after the given number of failed attempts (1 → 1 minute)."""
    return FIRST_RETRY_DELAY * 2 ** (attempts - 1)


def enqueue_delivery(outbound_id: int, *, run_after: dt.datetime | None = None) -> None:
    """Put a delivery job for the message on the mail queue."""
    job = deliver_email.using(run_after=run_after) if run_after else deliver_email
    job.enqueue(outbound_id)


@task(queue_name="mail")
def deliver_email(outbound_id: int) -> str:
    """Send one outbox message if it is due and nobody else is sending it; return what happened.

    Exactly once, and its limit: the row is claimed (queued → sending, committed) before the
    SMTP conversation and marked sent right after the server accepted the message. A worker
    killed between the server's acceptance and that commit leaves the row in `sending`;
    `requeue_stalled_mail` puts it back after STALLED_AFTER and it is sent a second time. That
    window is unavoidable without a transactional mail server; the second copy carries the
    same Message-ID (derived from the idempotency key), so receiving servers, clients and the
    development mail page can tell it is the same message. A worker killed before the server
    accepted the message only causes a late delivery.
    """
    _recover_now_and_then()
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=outbound_id, status=Status.QUEUED, next_attempt_at__lte=now + CLOCK_SKEW
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        # Already sent, failed for good, claimed by another job, or not due yet.
        return "skipped"
    email = OutboundEmail.objects.get(pk=outbound_id)
    try:
        email.build_message().send()
    except Exception as exc:  # noqa: BLE001 - any failure to hand over the message is retried
        return _record_failure(email, exc)
    # The window described above is between the line before and the commit of this one.
    marked = OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING, attempts=email.attempts).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="",
        # Sent bodies may carry sign-in codes and reset links: keep the record, not the content.
        body_text="",
        body_html="",
    )
    if not marked:
        # Only if this send outlasted STALLED_AFTER and the recovery took the row back.
        logger.warning("Outbound e-mail %s was sent after its row was re-queued.", email.public_id)
        return "sent-late"
    logger.info("Sent outbound e-mail %s (attempt %d).", email.public_id, email.attempts)
    return "sent"


def _record_failure(email: OutboundEmail, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    mine = OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING, attempts=email.attempts)
    if email.attempts >= MAX_ATTEMPTS:
        mine.update(status=Status.FAILED, claimed_at=None, last_error=error)
        logger.error("Gave up on outbound e-mail %s after %d attempts: %s", email.public_id, email.attempts, error)
        return "failed"
    next_at = timezone.now() + retry_delay(email.attempts)
    # The database backend inserts the job in this same transaction: the row is back in the
    # queue with its retry job, or (if anything fails) still in `sending` for the recovery.
    with transaction.atomic():
        if mine.update(status=Status.QUEUED, claimed_at=None, last_error=error, next_attempt_at=next_at):
            enqueue_delivery(email.pk, run_after=next_at)
    logger.warning(
        "Outbound e-mail %s failed (attempt %d), retrying at %s: %s",
        email.public_id,
        email.attempts,
        next_at.isoformat(),
        error,
    )
    return "retry"


def requeue_stalled_mail(*, older_than: dt.timedelta = STALLED_AFTER, limit: int = 500) -> int:
    """Give a new delivery job to every message whose job was lost; return how many.

    Two ways to lose one: a worker killed while sending leaves the row in `sending`, and a
    process that dies between committing `queue_email` and enqueueing the job (or a job row
    removed by hand) leaves a queued row overdue with no job. A message already sent is
    never touched. Enqueueing a job for a message that still has one is harmless: only one of
    them can claim it.
    """
    now = timezone.now()
    cutoff = now - older_than
    requeued = 0
    stuck = OutboundEmail.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
    for pk, public_id, attempts in stuck.values_list("pk", "public_id", "attempts")[:limit]:
        row = OutboundEmail.objects.filter(pk=pk, status=Status.SENDING, claimed_at__lt=cutoff)
        if attempts >= MAX_ATTEMPTS:
            if row.update(status=Status.FAILED, claimed_at=None, last_error="Abandoned while sending."):
                logger.error(
                    "Gave up on outbound e-mail %s: abandoned while sending, %d attempts.", public_id, attempts
                )
            continue
        with transaction.atomic():
            if row.update(
                status=Status.QUEUED,
                claimed_at=None,
                next_attempt_at=now,
                last_error="Abandoned while sending: the worker stopped before recording the result.",
            ):
                enqueue_delivery(pk)
                requeued += 1
                logger.warning("Re-queued outbound e-mail %s, abandoned while sending.", public_id)
    overdue = OutboundEmail.objects.filter(status=Status.QUEUED, next_attempt_at__lt=cutoff)
    for pk, public_id in overdue.values_list("pk", "public_id")[:limit]:
        with transaction.atomic():
            # Moving next_attempt_at to now means the next recovery leaves it alone for a while.
            if OutboundEmail.objects.filter(pk=pk, status=Status.QUEUED, next_attempt_at__lt=cutoff).update(
                next_attempt_at=now
            ):
                enqueue_delivery(pk)
                requeued += 1
                logger.warning("Re-queued outbound e-mail %s, overdue without a delivery job.", public_id)
    return requeued


def _recover_now_and_then() -> None:
    """Run the recovery from inside the worker, at most once a minute per process."""
    global _last_recovery
    if _last_recovery is not None and time.monotonic() - _last_recovery < RECOVERY_INTERVAL_SECONDS:
        return
    _last_recovery = time.monotonic()
    try:
        requeue_stalled_mail()
    except Exception:  # a failed recovery must not stop the delivery at hand
        logger.exception("Recovery of stalled outbound e-mail failed.")
