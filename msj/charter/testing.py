"""Charter fixtures shared by the app's tests and the persona matrix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from msj.charter import services
from msj.charter.models import AdoptedDocument, Kind, ModelDocument
from msj.charter.seed import seed_model_documents
from msj.members.access import actor_for
from msj.members.testing import Personas

ADOPTED_ON = dt.date(2024, 2, 1)


@dataclass
class CharterFixture:
    ethics_model: ModelDocument
    bylaws_model: ModelDocument
    ethics: AdoptedDocument  # Mesa A's code of ethics, version 1, in force, signed by nobody


def charter_fixture(p: Personas) -> CharterFixture:
    """The network's two seeded models, and Mesa A's code of ethics adopted from one; idempotent."""
    seed_model_documents(p.network, on=ADOPTED_ON)
    ethics_model = ModelDocument.objects.get(network=p.network, kind=Kind.CODE_OF_ETHICS, version=1)
    bylaws_model = ModelDocument.objects.get(network=p.network, kind=Kind.BYLAWS, version=1)
    ethics = AdoptedDocument.objects.filter(mesa=p.mesa_a, kind=Kind.CODE_OF_ETHICS, in_force=True).first()
    if ethics is None:
        ethics = services.adopt(
            mesa=p.mesa_a,
            kind=Kind.CODE_OF_ETHICS,
            title=ethics_model.title,
            body=ethics_model.body,
            adopted_on=ADOPTED_ON,
            approved_by="Reunión ciudadana del 1 de febrero",
            based_on=ethics_model,
            by=actor_for(p.ana, p.mesa_a),
        )
    return CharterFixture(ethics_model=ethics_model, bylaws_model=bylaws_model, ethics=ethics)
