"""The demo's exchange loads through the services and a second load adds nothing."""

from __future__ import annotations

from typing import Any

from msj.committees.services import ensure_core_committees
from msj.demo.exchange import load_exchange
from msj.exchange.models import DirectoryCard, Practice, SharedDocument, Twinning, Visit
from msj.exchange.selectors import public_cards
from msj.exchange.tests.test_exchange import coordinate_b
from msj.members.testing import Personas


def test_load_exchange_is_idempotent(personas: Personas, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = personas
    for mesa in (p.mesa_a, p.mesa_b):
        ensure_core_committees(mesa=mesa)
    coordinate_b(p)
    today = p.mesa_a.today()
    assert load_exchange(p.network, [p.mesa_a, p.mesa_b], today) == 7
    assert DirectoryCard.objects.count() == 2 and [c.mesa for c in public_cards()] == [p.mesa_a]
    assert Twinning.objects.get().status == Twinning.Status.ACTIVE and SharedDocument.objects.count() == 1
    assert Visit.objects.get().status == Visit.Status.ACCEPTED
    assert Practice.objects.filter(status=Practice.Status.PUBLISHED).count() == 2
    assert load_exchange(p.network, [p.mesa_a, p.mesa_b], today) == 0
