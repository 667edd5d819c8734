"""Brute-force protection: failed sign-ins are counted per account and per client address.

The counters live in the database cache (table msj_cache), so every worker process of every
server sees the same counts.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from msj.accounts.testing import sign_in
from msj.members.testing import PASSWORD, Personas

TOO_MANY = b"Demasiados intentos fallidos"


def fail(client: Client, email: str = "beto@example.org", **extra: str) -> None:
    response = sign_in(client, email, "not-the-password", **extra)
    assert response.status_code == 200


def refused(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 429 or (response.status_code == 200 and TOO_MANY in response.content)


def counter_rows(action: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM msj_cache WHERE cache_key LIKE %s", [f"%allauth:rl:%:{action}:%"])
        return [row[0] for row in cursor.fetchall()]


def test_five_failures_lock_the_account_even_for_the_right_password(people: Personas) -> None:
    for _attempt in range(5):
        fail(Client())
    response = sign_in(Client(), "beto@example.org", PASSWORD)
    assert refused(response)
    assert not response.wsgi_request.user.is_authenticated
    # Another person on the same network is not locked out by Beto's attacker…
    assert sign_in(Client(), "eva@example.org", PASSWORD)["Location"] == "/"


def test_four_failures_then_the_right_password_still_works(people: Personas) -> None:
    for _attempt in range(4):
        fail(Client())
    assert sign_in(Client(), "beto@example.org", PASSWORD)["Location"] == "/"


def test_the_lock_covers_every_address_and_every_host_name(people: Personas) -> None:
    # Changing the client address, the case of the e-mail or the Host header's port
    # must not give the attacker a fresh budget for the same account.
    for attempt in range(5):
        fail(
            Client(REMOTE_ADDR=f"198.51.100.{attempt}"),
            "BETO@example.org" if attempt % 2 else "beto@example.org",
            HTTP_HOST=f"testserver:{8000 + attempt}",
        )
    response = sign_in(Client(REMOTE_ADDR="203.0.113.9"), "beto@example.org", PASSWORD, HTTP_HOST="testserver:1")
    assert refused(response)


def test_ten_failures_from_one_address_lock_that_address(people: Personas) -> None:
    attacker = "192.0.2.66"
    for attempt in range(10):
        fail(Client(REMOTE_ADDR=attacker), f"guess{attempt}@example.org")
    assert refused(sign_in(Client(REMOTE_ADDR=attacker), "beto@example.org", PASSWORD))
    # The account itself is not locked: Beto, elsewhere, still gets in.
    assert sign_in(Client(REMOTE_ADDR="192.0.2.67"), "beto@example.org", PASSWORD)["Location"] == "/"


def test_hammering_the_sign_in_form_gets_429(people: Personas) -> None:
    client = Client(REMOTE_ADDR="192.0.2.80")
    statuses = [sign_in(client, f"guess{n}@example.org", "x").status_code for n in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_429_page_is_our_page_in_spanish(people: Personas) -> None:
    client = Client(REMOTE_ADDR="192.0.2.81")
    for n in range(30):
        sign_in(client, f"guess{n}@example.org", "x")
    response = sign_in(client, "beto@example.org", PASSWORD)
    assert response.status_code == 429
    assert b"paciencia" in response.content
    assert b'class="auth-card"' in response.content


def test_counters_are_rows_of_the_shared_database_cache(people: Personas) -> None:
    fail(Client(REMOTE_ADDR="192.0.2.90"))
    rows = counter_rows("login_failed")
    assert len(rows) == 2  # one per address, one per account
    assert any(":ip:192.0.2.90" in row for row in rows)
    # Nothing else holds the count: with the rows gone, the attempts are forgotten.
    for _attempt in range(4):
        fail(Client())
    assert refused(sign_in(Client(), "beto@example.org", PASSWORD))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM msj_cache WHERE cache_key LIKE %s", ["%allauth:rl:%"])
    assert sign_in(Client(), "beto@example.org", PASSWORD)["Location"] == "/"


def test_a_flood_of_other_cache_entries_does_not_evict_the_counters(people: Personas) -> None:
    for _attempt in range(5):
        fail(Client())
    cache.set_many({f"flood:{n}": n for n in range(400)})
    assert refused(sign_in(Client(), "beto@example.org", PASSWORD))


class TestBehindAProxy:
    """With TRUSTED_PROXY_COUNT set, the client is the address the proxy appended to X-Forwarded-For."""

    @pytest.fixture(autouse=True)
    def _one_proxy(self, settings) -> None:  # type: ignore[no-untyped-def]
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def test_the_real_client_address_is_limited(self, people: Personas) -> None:
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        for attempt in range(10):
            fail(Client(**proxy), f"guess{attempt}@example.org", HTTP_X_FORWARDED_FOR="203.0.113.50")
        assert refused(sign_in(Client(**proxy), "beto@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50"))
        # Everybody else behind the same proxy still gets in.
        assert (
            sign_in(Client(**proxy), "beto@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.51")["Location"]
            == "/"
        )

    def test_a_forged_header_does_not_hide_the_client(self, people: Personas) -> None:
        # The attacker writes their own X-Forwarded-For; the proxy appends the real address.
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        for attempt in range(10):
            fail(
                Client(**proxy),
                f"guess{attempt}@example.org",
                HTTP_X_FORWARDED_FOR=f"198.18.0.{attempt}, 203.0.113.50",
            )
        assert refused(
            sign_in(Client(**proxy), "beto@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="198.18.9.9, 203.0.113.50")
        )
        assert any(":ip:203.0.113.50" in row for row in counter_rows("login_failed"))


def test_without_a_trusted_proxy_the_header_is_ignored(settings, people: Personas) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(10):
        fail(
            Client(REMOTE_ADDR="192.0.2.70"), f"guess{attempt}@example.org", HTTP_X_FORWARDED_FOR=f"198.18.0.{attempt}"
        )
    response = sign_in(
        Client(REMOTE_ADDR="192.0.2.70"), "beto@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="198.18.1.1"
    )
    assert refused(response)
    assert not any("198.18." in row for row in counter_rows("login_failed"))


def test_settings_take_the_proxy_count_from_the_environment() -> None:
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
