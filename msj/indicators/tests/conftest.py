"""These tests read the indicators' messages in English, the source language; the pages they fetch
answer in each request's language (Spanish by default)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
