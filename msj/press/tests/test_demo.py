"""The demo's press work (msj/demo/press.py) loads through the services, once."""

from __future__ import annotations

from msj.demo.press import load_press
from msj.members.testing import Personas
from msj.press.models import PressConference, Protocol, Release


def test_load_press_gives_the_workflow_once(personas: Personas) -> None:
    mesa = personas.mesa_a
    assert load_press(mesa, mesa.today()) == 5
    assert load_press(mesa, mesa.today()) == 0
    published = Release.objects.filter(mesa=mesa).published()
    assert published.count() == 2
    assert published.filter(protocol=Protocol.AUTHORITIES).count() == 1
    assert Release.objects.filter(mesa=mesa, status=Release.Status.DRAFT).count() == 1
    assert Release.objects.filter(mesa=mesa, status=Release.Status.WITHDRAWN).count() == 1
    conference = PressConference.objects.get(mesa=mesa)
    assert conference.protocol == Protocol.AUTHORITIES and conference.recorded_at is not None
    assert conference.starts_at.astimezone(mesa.tzinfo).month != mesa.today().month
    assert load_press(personas.mesa_b, mesa.today()) == 0  # no coordinator there
