"""Demo data of the network's accompaniment: two Mesas in formation, at different steps.

`load_forming(network, today)` is idempotent: each Mesa is looked up by its slug, and only
what is missing (founders, evidence, validations) is added. It needs the network's staff
(the demo loader creates them first): their first current member records everything.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from msj.members.models import NetworkStaff
from msj.mesas.models import Mesa, Network
from msj.network.models import Formation, FormationStep, Founder, StepEvidence
from msj.network.services import add_founder, register_forming_mesa
from msj.network.testing import complete_step

# slug, name, state, city, last step validated, founders (name, e-mail, place)
FORMING = [
    (
        "puebla",
        "Mesa de Seguridad y Justicia de Puebla",
        "21",
        "Puebla",
        4,
        [],
    ),
    (
        "villahermosa",
        "Mesa de Seguridad y Justicia de Villahermosa",
        "27",
        "Villahermosa",
        7,
        [
            ("Guadalupe Hernández Cruz", "guadalupe.hernandez@villahermosa.example.org", Founder.Role.COORDINATOR),
            ("Ricardo Méndez Ochoa", "ricardo.mendez@villahermosa.example.org", Founder.Role.ALTERNATE),
            ("Claudia Torres Priego", "claudia.torres@villahermosa.example.org", Founder.Role.ALTERNATE),
            ("Javier Pérez Zapata", "javier.perez@villahermosa.example.org", Founder.Role.EXECUTIVE),
            ("Mónica Arias Gil", "monica.arias@villahermosa.example.org", Founder.Role.EXECUTIVE),
            ("Tomás León Ramírez", "tomas.leon@villahermosa.example.org", Founder.Role.MEMBER),
        ],
    ),
]


def _rows() -> int:
    return sum(m.objects.count() for m in (Formation, FormationStep, StepEvidence, Founder))


@transaction.atomic
def load_forming(network: Network, today: dt.date) -> int:
    """Create the two forming Mesas (Puebla through step 4, Villahermosa through step 7); return rows created."""
    staff = NetworkStaff.objects.filter(network=network, ended_on__isnull=True).select_related("user").first()
    if staff is None:
        return 0
    by = staff.user
    before = _rows()
    for slug, name, state, city, last, founders in FORMING:
        formation = Formation.objects.filter(mesa__slug=slug).first()
        if formation is None:
            if Mesa.objects.filter(slug=slug).exists():
                continue  # a Mesa of that name that the network does not accompany: leave it alone
            formation = register_forming_mesa(
                network=network,
                name=name,
                slug=slug,
                state=state,
                time_zone="America/Mexico_City",
                city=city,
                by=by,
            )
        for full_name, email, role in founders:
            if not formation.founders.filter(email=email).exists():
                add_founder(formation=formation, full_name=full_name, email=email, role=role, by=by)
        for step in formation.steps.filter(number__lte=last).order_by("number"):
            # Each step a few weeks after the one before, the last one a week ago.
            complete_step(step, by=by, on=today - dt.timedelta(days=7 + 21 * (last - step.number)))
    return _rows() - before
