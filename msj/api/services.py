"""Create, revoke and check personal access tokens; creation and revocation are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from msj.accounts.models import User
from msj.api.models import SHOWN_CHARS, TOKEN_PREFIX, PersonalAccessToken, new_secret
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.core.tokens import hash_secret

# Fields of a token worth keeping in the audit trail; never the hash.
AUDITED_FIELDS = ["name", "token_prefix", "expires_at", "revoked_at"]
# `last_used_at` is written at most this often, so a busy script does not write on every call.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
# Longer than any token we issue, shorter than anything worth hashing.
MAX_TOKEN_LENGTH = 200


@transaction.atomic
def create_token(
    *, user: User, name: str, expires_at: dt.datetime | None = None, request: HttpRequest | None = None
) -> tuple[PersonalAccessToken, str]:
    """Issue a token for `user`; return it with its secret, which is never stored and never shown again."""
    secret = new_secret()
    token = PersonalAccessToken(
        user=user,
        name=name,
        token_prefix=secret[:SHOWN_CHARS],
        token_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    record(
        AuditEvent.Action.CREATE,
        obj=token,
        actor=user,
        mesa=None,
        after=snapshot(token, AUDITED_FIELDS),
        request=request,
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: PersonalAccessToken, by: Any, request: HttpRequest | None = None) -> PersonalAccessToken:
    """Revoke a token at once; revoking it again changes nothing."""
    token = PersonalAccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = snapshot(token, AUDITED_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=token,
        actor=by,
        mesa=None,
        before=before,
        after=snapshot(token, AUDITED_FIELDS),
        request=request,
    )
    return token


def user_for_token(secret: str) -> User | None:
    """Return the owner of a usable token, or None for an unknown, revoked or expired one or a disabled owner.

    Marks the token as used, with a cheap UPDATE at most once a minute.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        return None
    now = timezone.now()
    token = (
        PersonalAccessToken.objects.usable(now)
        .filter(token_hash=hash_secret(secret), user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    changed = token.user.password_changed_at
    if changed is not None and token.created_at < changed:
        return None  # issued before the owner's last password change
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
