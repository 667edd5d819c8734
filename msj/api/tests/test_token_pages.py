"""The pages at /me/tokens/: create a token (its secret shown once), list and revoke."""

from __future__ import annotations

import hashlib
import re

from msj.api import services
from msj.api.models import PersonalAccessToken
from msj.audit.models import AuditEvent
from msj.members.testing import Personas

from .conftest import API, bearer, token_for

PAGE = "/me/tokens/"


def secret_in(html: str) -> str | None:
    match = re.search(r'value="(msj_[A-Za-z0-9_-]+)"', html)
    return match.group(1) if match else None


def test_anonymous_is_sent_to_sign_in(client, personas: Personas) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_get_lists_tokens_and_changes_nothing(client, personas: Personas) -> None:
    token_for(personas.beto, "nightly export")
    client.force_login(personas.beto)
    counts = (PersonalAccessToken.objects.count(), AuditEvent.objects.count())
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nightly export" in html
    assert 'href="/api/v1/docs"' in html
    assert secret_in(html) is None
    assert (PersonalAccessToken.objects.count(), AuditEvent.objects.count()) == counts


def test_create_shows_the_secret_once_and_stores_only_its_hash(client, personas: Personas) -> None:
    client.force_login(personas.beto)
    response = client.post(PAGE, {"name": "my script", "expires_in": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = secret_in(response.content.decode())
    assert secret is not None
    assert len(secret) - len("msj_") >= 43  # at least 256 bits, base64url

    token = PersonalAccessToken.objects.get(user=personas.beto)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.token_prefix)
    stored = [str(getattr(token, f.attname)) for f in PersonalAccessToken._meta.concrete_fields]
    assert not any(secret in value or secret[len("msj_") :] in value for value in stored)
    assert token.expires_at is not None

    event = AuditEvent.objects.get(object_id=str(token.public_id))
    assert (event.action, event.mesa, event.actor) == (AuditEvent.Action.CREATE, None, personas.beto)
    assert secret not in str(event.after) and token.token_hash not in str(event.after)

    again = client.get(PAGE).content.decode()
    assert "my script" in again and secret not in again
    assert client.get(f"{API}/me", headers=bearer(secret)).status_code == 200


def test_invalid_form_creates_nothing(client, personas: Personas) -> None:
    client.force_login(personas.beto)
    response = client.post(PAGE, {"name": "", "expires_in": "forever"})
    assert response.status_code == 200
    assert secret_in(response.content.decode()) is None
    assert not PersonalAccessToken.objects.exists()


def test_revoke_is_post_only_and_audited(client, personas: Personas) -> None:
    token, secret = services.create_token(user=personas.beto, name="script")
    client.force_login(personas.beto)
    url = f"{PAGE}{token.public_id}/revoke/"
    assert client.get(url).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(object_id=str(token.public_id), action=AuditEvent.Action.UPDATE)
    assert event.mesa is None and event.actor == personas.beto
    assert event.before["revoked_at"] is None and event.after["revoked_at"] is not None
    assert client.get(f"{API}/me", headers=bearer(secret)).status_code == 401

    # Revoking again changes nothing and records nothing.
    assert client.post(url).status_code == 302
    assert AuditEvent.objects.filter(object_id=str(token.public_id)).count() == 2


def test_another_persons_token_is_404(client, personas: Personas) -> None:
    token, _ = services.create_token(user=personas.ana, name="ana's")
    client.force_login(personas.beto)
    assert client.post(f"{PAGE}{token.public_id}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "ana&#x27;s" not in client.get(PAGE).content.decode()
