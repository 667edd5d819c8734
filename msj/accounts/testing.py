"""Helpers for tests that sign in through HTTP, shared by every app's tests."""

from __future__ import annotations

import re
import time
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from django.test import Client

from msj.accounts.models import User


def verify_email(user: User) -> None:
    """Record the account's address as verified, as after its first sign-in by code or link."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def totp_code(user: User, *, at: float | None = None) -> str:
    """Return the code the person's authenticator app shows now (or at the given Unix time)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_for_secret(decrypt(authenticator.data["secret"]), at=at)


def totp_code_for_secret(secret: str, *, at: float | None = None) -> str:
    """Return the code for a TOTP secret, never one about to expire (tests would turn flaky)."""
    from allauth.mfa import app_settings

    period = app_settings.TOTP_PERIOD
    if at is None:
        remaining = period - time.time() % period
        if remaining < 2:
            time.sleep(remaining + 0.05)
        at = time.time()
    return format_hotp_value(hotp_value(secret, int(at) // period))


def sign_in(client: Client, email: str, password: str, **extra: Any) -> Any:
    """Post the sign-in form as a browser would; return the response, not followed."""
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def mail_to(address: str) -> list[mail.EmailMessage]:
    """Return the messages sent to `address`, delivering anything still waiting in the outbox.

    allauth's mail may go straight to Django's mail backend or through msj's outbox
    (msj.notifications); in the second case the queued rows are delivered here, synchronously,
    by the same job the worker runs.
    """
    _deliver_outbox()
    return [message for message in mail.outbox if address in message.to]


def login_code_from(message: mail.EmailMessage) -> str:
    """Pick the sign-in code out of allauth's login-code e-mail."""
    body = str(message.body)
    match = re.search(r"^\s*([A-Z0-9]+(?:-[A-Z0-9]+)+)\s*$", body, re.MULTILINE)
    if match is None:
        raise AssertionError(f"No sign-in code in the e-mail: {body!r}")
    return match.group(1)


def _deliver_outbox() -> None:
    try:
        from msj.notifications.models import OutboundEmail
        from msj.notifications.tasks import deliver_email
    except ImportError:  # pragma: no cover - the outbox is optional for this helper
        return
    queued = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).values_list("pk", flat=True)
    for pk in list(queued):
        deliver_email.call(pk)
