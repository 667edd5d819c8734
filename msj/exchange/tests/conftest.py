"""These tests read the exchange's messages in English, the source language; the pages they fetch
answer in each request's language (Spanish by default). Files go to a temporary media root."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from msj.exchange.testing import ExchangeFixtures, exchange_fixtures
from msj.members.testing import Personas


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Any) -> Any:
    """Pages in English too, so tests read the source messages."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def fx(personas: Personas) -> ExchangeFixtures:
    return exchange_fixtures(personas)
