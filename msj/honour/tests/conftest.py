"""These tests read messages in English, the source language, whatever the catalogue says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client: Any) -> Iterator[None]:
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
