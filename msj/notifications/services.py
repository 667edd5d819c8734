"""Queue e-mail from any write: the row commits with the caller's transaction, the job after it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from msj.notifications.models import OutboundEmail
from msj.notifications.tasks import enqueue_delivery

if TYPE_CHECKING:
    from msj.mesas.models import Mesa


def queue_email(
    *,
    key: str,
    to: Sequence[str],
    subject: str,
    body_text: str,
    body_html: str | None = None,
    mesa: Mesa | None = None,
    attachments: Sequence[dict[str, Any]] = (),
) -> OutboundEmail:
    """Queue one logical message, at most once per `key`, for delivery after the commit.

    `key` names the logical message (e.g. ``"vote-opened:<vote>:<elector>"``): a second call
    with the same key returns the first row and queues nothing, whatever its content. Nothing
    is sent if the caller's transaction rolls back, because the delivery job is enqueued only
    once it commits. Subject and bodies arrive rendered, in the recipient's language.
    """
    existing = OutboundEmail.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    email = OutboundEmail(
        idempotency_key=key,
        mesa=mesa,
        to=list(to),
        subject=subject,
        body_text=body_text,
        body_html=body_html or "",
        attachments=list(attachments),
    )
    email.full_clean()
    try:
        # A savepoint, so that losing a race with a concurrent call for the same key leaves
        # the caller's transaction usable.
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return OutboundEmail.objects.get(idempotency_key=key)
    # robust: the caller's write is committed; a failure to enqueue is logged and the row,
    # still queued, is picked up by `requeue_stalled_mail`.
    transaction.on_commit(partial(enqueue_delivery, email.pk), robust=True)
    return email
