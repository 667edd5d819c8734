"""Fixtures of the agreements tests: the personas' agreements, signed-in clients, a private media folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from msj.accounts.models import User
from msj.agreements.testing import Agreements, make_agreements
from msj.members.testing import Personas


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Evidence goes to a temporary folder, whose files the tests can count."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def data(personas: Personas) -> Agreements:
    return make_agreements(personas)


@pytest.fixture
def signed_in() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
