"""These tests read messages in English, the source language."""

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
    client.cookies["django_language"] = "en"
    return client
