"""These tests read the Encuentro's messages in English, the source language; the pages they fetch
answer in each request's language (Spanish by default)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Any) -> Any:
    """Pages in English too, so tests read the source messages."""
    client.cookies["django_language"] = "en"
    return client
