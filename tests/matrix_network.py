"""The national network's own pages (msj/network): network staff only, everyone else 404."""

from __future__ import annotations

from typing import Any

from msj.members.testing import Personas
from tests.matrix_base import LOGIN, Entry

# Nora works for the network; Mesa members, officials included, are strangers there.
NETWORK_STAFF_ONLY = {
    "anonymous": LOGIN,
    **dict.fromkeys(["ana", "eva", "beto", "olga", "sara", "carla"], 404),
    "nora": 200,
}


def network(p: Personas) -> dict[str, Any]:
    return {"network_slug": p.network.slug}


ENTRIES: dict[str, Entry] = {
    "network:home": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
}
