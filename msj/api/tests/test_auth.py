"""Bearer tokens and the browser session: who is calling, and when they are refused."""

from __future__ import annotations

import datetime as dt

from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from msj.api import services
from msj.api.models import PersonalAccessToken
from msj.members.testing import Personas

from .conftest import API, bearer, call, token_for


def test_bearer_token_acts_as_its_owner(client, personas: Personas) -> None:
    response = client.get(f"{API}/me", headers=bearer(token_for(personas.beto)))
    assert response.status_code == 200
    assert response.json()["email"] == "beto@example.org"


def test_a_token_carries_only_its_owners_rights(client, personas: Personas) -> None:
    """Beto's token cannot change the rules, even though Ana, signed in on the same client, may."""
    client.force_login(personas.ana)
    response = call(
        client, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 9}, **bearer(token_for(personas.beto))
    )
    assert response.status_code == 403
    personas.mesa_a.refresh_from_db()
    assert personas.mesa_a.plenary_notice_days == 3


def test_revoked_token_is_refused_at_once(client, personas: Personas) -> None:
    token, secret = services.create_token(user=personas.beto, name="script")
    assert client.get(f"{API}/me", headers=bearer(secret)).status_code == 200
    services.revoke_token(token=token, by=personas.beto)
    response = client.get(f"{API}/me", headers=bearer(secret))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/problems/invalid-token")


def test_expired_token_is_refused(client, personas: Personas) -> None:
    _, secret = services.create_token(
        user=personas.beto, name="script", expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(f"{API}/me", headers=bearer(secret)).status_code == 401


def test_token_of_a_disabled_account_is_refused(client, personas: Personas) -> None:
    secret = token_for(personas.beto)
    personas.beto.is_active = False
    personas.beto.save(update_fields=["is_active"])
    assert client.get(f"{API}/me", headers=bearer(secret)).status_code == 401


def test_unknown_or_malformed_tokens_are_refused(client, personas: Personas) -> None:
    secret = token_for(personas.beto)
    for value in [secret + "x", secret[:-1], "msj_" + "a" * 500, "not-a-token", ""]:
        response = client.get(f"{API}/me", headers=bearer(value))
        assert response.status_code == 401, value


def test_a_bad_token_does_not_fall_back_to_the_session(client, personas: Personas) -> None:
    client.force_login(personas.beto)
    assert client.get(f"{API}/me").status_code == 200
    assert client.get(f"{API}/me", headers=bearer("msj_wrong")).status_code == 401


def test_session_writes_need_the_csrf_token(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.ana)
    assert browser.get(f"{API}/mesas/mesa-a/rules").status_code == 200  # reads need no token
    refused = call(browser, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 5})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/problems/csrf-failed")
    personas.mesa_a.refresh_from_db()
    assert personas.mesa_a.plenary_notice_days == 3

    browser.get(f"{API}/docs")  # sets the CSRF cookie, as the docs page does for "Try it out"
    csrf = browser.cookies["csrftoken"].value
    accepted = call(browser, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 5}, **{"X-CSRFToken": csrf})
    assert accepted.status_code == 200


def test_bearer_calls_need_no_csrf_token(personas: Personas) -> None:
    script = Client(enforce_csrf_checks=True)
    response = call(
        script, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 5}, **bearer(token_for(personas.ana))
    )
    assert response.status_code == 200


def test_anonymous_write_gets_401_not_a_csrf_complaint(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    response = call(browser, "PATCH", f"{API}/mesas/mesa-a/rules", {"plenary_notice_days": 5})
    assert response.status_code == 401


def test_role_requiring_mfa_without_a_second_factor_gets_403(client, personas: Personas) -> None:
    """Ana coordinates, so she must use MFA, as on the web; by session and by token alike."""
    secret = token_for(personas.ana)
    Authenticator.objects.filter(user=personas.ana).delete()
    client.force_login(personas.ana)
    for response in [client.get(f"{API}/me"), Client().get(f"{API}/me", headers=bearer(secret))]:
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"].endswith("/problems/mfa-required")


def test_people_without_an_mfa_role_need_no_second_factor(client, personas: Personas) -> None:
    client.force_login(personas.beto)
    assert client.get(f"{API}/me").status_code == 200


def test_disabled_account_loses_the_session_too(client, personas: Personas) -> None:
    client.force_login(personas.beto)
    personas.beto.is_active = False
    personas.beto.save(update_fields=["is_active"])
    assert client.get(f"{API}/me").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, personas: Personas, django_assert_num_queries) -> None:
    token, secret = services.create_token(user=personas.beto, name="script")
    assert token.last_used_at is None
    client.get(f"{API}/me", headers=bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    client.get(f"{API}/me", headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again

    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(f"{API}/me", headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_using_a_token_does_not_save_the_whole_row(personas: Personas, django_assert_num_queries) -> None:
    token, secret = services.create_token(user=personas.beto, name="script")
    updated_at = token.updated_at
    with django_assert_num_queries(2) as captured:  # the lookup, and one UPDATE of last_used_at
        assert services.user_for_token(secret) == personas.beto
    update = captured.captured_queries[1]["sql"]
    assert update.startswith("UPDATE") and "last_used_at" in update and "name" not in update
    token.refresh_from_db()
    assert token.updated_at == updated_at


def test_a_password_change_ends_the_tokens_made_before_it(client, personas):
    from allauth.account.adapter import get_adapter

    from msj.api.services import create_token, user_for_token

    _token, secret = create_token(user=personas.beto, name="script")
    assert user_for_token(secret) == personas.beto
    get_adapter().set_password(personas.beto, "una-Clave-nueva-2026")
    assert user_for_token(secret) is None
    _token, fresh = create_token(user=personas.beto, name="after")
    assert user_for_token(fresh) == personas.beto
