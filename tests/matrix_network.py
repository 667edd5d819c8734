"""The national network's own pages (msj/network): network staff only, everyone else 404.

Every POST below is invalid on purpose and changes nothing: Nora sees the form again (400) or is
sent back with the refusal (302).
"""

from __future__ import annotations

import uuid
from typing import Any

from msj.members.testing import Personas
from msj.network.models import StepEvidence
from msj.network.services import add_evidence
from msj.network.testing import formation_fixture, pdf
from tests.matrix_base import LOGIN, Entry

# Nora works for the network; Mesa members, officials included, are strangers there.
NETWORK_STAFF_ONLY = {
    "anonymous": LOGIN,
    **dict.fromkeys(["ana", "eva", "beto", "olga", "sara", "carla"], 404),
    "nora": 200,
}
STAFF_INVALID = {**NETWORK_STAFF_ONLY, "nora": 400}
STAFF_REFUSED = {**NETWORK_STAFF_ONLY, "nora": 302}
NOBODY = {**NETWORK_STAFF_ONLY, "nora": 404}


def network(p: Personas) -> dict[str, Any]:
    return {"network_slug": p.network.slug}


def formation(p: Personas, **extra: Any) -> dict[str, Any]:
    return {"network_slug": p.network.slug, "formation_id": formation_fixture(p).public_id, **extra}


def first_step(p: Personas) -> dict[str, Any]:
    return formation(p, number=1)


def no_founder(p: Personas) -> dict[str, Any]:
    return formation(p, founder_id=uuid.uuid4())


def document(p: Personas) -> dict[str, Any]:
    found = formation_fixture(p)
    item = StepEvidence.objects.filter(step__formation=found, kind="document").first()
    if item is None:
        step = found.steps.get(number=6)
        item = add_evidence(step=step, requirement="bylaws", upload=pdf("reglamento.pdf"), by=p.nora)
    return formation(p, evidence_id=item.public_id)


ENTRIES: dict[str, Entry] = {
    "network:home": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
    "network:register": Entry(
        network, {"GET": NETWORK_STAFF_ONLY, "POST": STAFF_INVALID}, data=lambda p: {"name": "Mesa X"}
    ),
    "network:formation": Entry(formation, {"GET": NETWORK_STAFF_ONLY}),
    "network:add_founder": Entry(formation, {"POST": STAFF_INVALID}, data=lambda p: {"email": "no"}),
    # No such founder: nothing to remove (the removal itself is tested in msj/network/tests).
    "network:remove_founder": Entry(no_founder, {"POST": NOBODY}),
    "network:install": Entry(formation, {"POST": STAFF_REFUSED}, data=lambda p: {"first_plenary_time": "no"}),
    "network:evidence": Entry(document, {"GET": NETWORK_STAFF_ONLY}),
    "network:step": Entry(first_step, {"GET": NETWORK_STAFF_ONLY}),
    "network:add_evidence": Entry(first_step, {"POST": STAFF_INVALID}, data=lambda p: {"requirement": "met_on"}),
    "network:save_notes": Entry(first_step, {"POST": STAFF_REFUSED}, data=lambda p: {"notes": "x" * 5001}),
    "network:validate_step": Entry(first_step, {"POST": STAFF_REFUSED}),
}
