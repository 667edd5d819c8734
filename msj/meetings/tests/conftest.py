from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from msj.accounts.models import User
from msj.meetings.testing import Meetings, make_meetings
from msj.members.testing import Personas


@pytest.fixture(autouse=True)
def english(client: Any) -> None:
    """Pages in English, the source language, so that assertions survive the Spanish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """The personas, reading their e-mail in English (see `english`)."""
    User.objects.update(preferred_language="en")
    return personas


@pytest.fixture
def meetings(personas: Personas) -> Meetings:
    return make_meetings(personas)
