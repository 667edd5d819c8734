"""Fixtures for the sign-in tests: personas who can sign in, and a clean rate-limit store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from msj.accounts.testing import verify_email
from msj.members.testing import Personas


@pytest.fixture(autouse=True)
def _clean_cache(db: None) -> Iterator[None]:
    """Start and end every test with empty rate-limit counters, so tests stay independent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Hash with MD5 here: Argon2 takes ~0.2 s a hash and these tests hash hundreds of guesses.

    test_login.test_passwords_are_hashed_with_argon2 checks what production uses.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(personas: Personas) -> Personas:
    """The personas, each with the verified address they would have after their first sign-in."""
    for user in personas.all().values():
        if user is not None:
            verify_email(user)
    return personas
