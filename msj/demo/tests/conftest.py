"""The demo loaded once per test module: loading the year takes seconds, reading it does not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from msj.demo.loader import load_demo
from msj.mesas.models import Mesa


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Counter[str]]:
    """Load the whole demo for the module's tests, then roll it back; evidence files go to a temporary folder.

    Each test runs in its own savepoint inside this transaction, as with `setUpTestData`.
    """
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        created = load_demo()
        yield created
        transaction.set_rollback(True)


@pytest.fixture
def juarez(demo: Counter[str], db: None) -> Mesa:
    return Mesa.objects.get(slug="juarez-demo")
