"""A proposal being voted on by the Executive Committee of Mesa A (Ana and Eva, by office).

Eva proposes to create the "Movilidad segura" committee, with Beto as its coordinator and Ana
as its alternate. `proposal_fixture` is idempotent, so the persona matrix may call it for every URL.
"""

from __future__ import annotations

from msj.committees.testing import actor, membership
from msj.decisions import services
from msj.decisions.models import Proposal
from msj.members.testing import Personas

NAME = "Movilidad segura"


def proposal_fixture(personas: Personas) -> Proposal:
    mesa = personas.mesa_a
    existing = Proposal.objects.filter(mesa=mesa, committee_name=NAME).first()
    if existing is not None:
        return existing
    return services.propose(
        mesa=mesa,
        kind=Proposal.Kind.CREATE_COMMITTEE,
        by=actor(personas, "eva"),
        committee_name=NAME,
        coordinator=membership(personas, "beto"),
        alternate=membership(personas, "ana"),
        manual_text="Nos reunimos cada mes.",
    )
