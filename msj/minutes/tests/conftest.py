"""Fixtures of the minutes tests: a held plenary of Mesa A, and the next one."""

from __future__ import annotations

import pytest

from msj.meetings.models import Meeting
from msj.members.testing import Personas
from msj.minutes.testing import make_meeting, take_attendance


@pytest.fixture
def plenary(personas: Personas) -> Meeting:
    meeting = make_meeting(personas, title="Sesión plenaria de marzo", days_ago=30)
    take_attendance(
        personas,
        meeting,
        {"ana": "present", "eva": "present", "beto": "unjustified", "olga": "present", "sara": "present"},
    )
    return meeting


@pytest.fixture
def next_plenary(personas: Personas) -> Meeting:
    return make_meeting(personas, title="Sesión plenaria de abril", days_ago=2)
