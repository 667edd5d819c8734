"""The demo's surveys: both rounds answered by every operating Mesa, and a second load adds nothing."""

from __future__ import annotations

from django.utils import timezone

from msj.demo.surveys import load_surveys
from msj.members.testing import Personas
from msj.mesas.models import Mesa
from msj.surveys.models import Response


def test_load_surveys_is_idempotent(personas: Personas) -> None:
    mesas = list(Mesa.objects.all())
    today = timezone.localdate()
    assert load_surveys(personas.network, mesas, today) == 4
    assert load_surveys(personas.network, mesas, today) == 0
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 4
    mesa_a = Response.objects.get(mesa=personas.mesa_a, round__kind="self")
    assert mesa_a.submitted_by == personas.ana
    assert mesa_a.answers.get(question="f_staff").choice == "yes"  # Sara, from the platform
