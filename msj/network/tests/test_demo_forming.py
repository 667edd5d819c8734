"""The demo's two forming Mesas load once, at the steps the demo promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from msj.demo.forming import load_forming
from msj.members.testing import Personas
from msj.network.models import Formation
from msj.network.services import missing_evidence

pytestmark = pytest.mark.django_db


def test_load_forming_is_idempotent(personas: Personas, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    assert load_forming(personas.network, today) > 0
    assert load_forming(personas.network, today) == 0
    puebla = Formation.objects.get(mesa__slug="puebla")
    villahermosa = Formation.objects.get(mesa__slug="villahermosa")
    assert list(puebla.steps.filter(validated_on__isnull=False).values_list("number", flat=True)) == [1, 2, 3, 4]
    assert villahermosa.steps.filter(validated_on__isnull=False).count() == 7
    # Villahermosa awaits its installation: none of step 8's evidence is recorded yet.
    assert len(missing_evidence(villahermosa.steps.get(number=8))) == 3
