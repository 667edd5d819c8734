from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """The candidates' files go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(client: Any) -> Iterator[None]:
    """Messages in English, the source language, whatever the catalogue says; pages fetched with
    the `client` fixture too (clients of their own answer in the request's language)."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
