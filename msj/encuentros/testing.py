"""Test helpers for the Encuentro Nacional: this year's Encuentro of the personas' network.

Registration is open (closing in a month), Beto is Mesa A's delegate, the agenda has one item,
and one network agreement names Mesa A. Idempotent: the persona matrix calls it per request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from msj.encuentros.models import AgendaItem, Delegate, Encuentro, NetworkAgreement, network_today
from msj.members.models import Membership
from msj.members.testing import Personas


@dataclass
class EncuentroFixture:
    encuentro: Encuentro
    beto: Delegate
    item: AgendaItem
    agreement: NetworkAgreement


def encuentro_fixture(p: Personas) -> EncuentroFixture:
    today = network_today()
    encuentro, _ = Encuentro.objects.get_or_create(
        network=p.network,
        year=today.year,
        defaults={
            "title": "Encuentro Nacional de prueba",
            "city": "Ciudad de México",
            "starts_on": today,
            "ends_on": today + dt.timedelta(days=1),
            "status": Encuentro.Status.OPEN,
            "registration_closes_at": timezone.now() + dt.timedelta(days=30),
            "delegates_per_mesa": 3,
        },
    )
    beto, _ = Delegate.objects.get_or_create(
        encuentro=encuentro,
        membership=Membership.objects.get(mesa=p.mesa_a, user=p.beto),
        defaults={"mesa": p.mesa_a, "name": p.beto.full_name, "registered_by": p.ana},
    )
    item, _ = AgendaItem.objects.get_or_create(
        encuentro=encuentro, position=1, defaults={"title": "Metodología de indicadores", "minutes": 45}
    )
    agreement, created = NetworkAgreement.objects.get_or_create(
        encuentro=encuentro, number=1, defaults={"text": "Homologar la metodología de indicadores."}
    )
    if created:
        agreement.responsible_mesas.set([p.mesa_a])
    return EncuentroFixture(encuentro=encuentro, beto=beto, item=item, agreement=agreement)
