"""Fixtures shared by every test: the personas (see msj/members/testing.py)."""

from __future__ import annotations

import pytest

from msj.members.testing import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()
