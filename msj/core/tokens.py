"""Secrets handed to people (API tokens, calendar feeds, voting links) are stored only as a hash."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    """The SHA-256 of a secret, the only form in which it is stored.

    These secrets are random and long, so a fast hash is enough: there is nothing to guess.
    """
    return hashlib.sha256(secret.encode()).hexdigest()
