"""The persona matrix of the charter (msj/charter): the Mesa's documents and the network's models.

Every member of Mesa A reads its documents in force, their versions and the network's models.
Ana (coordinator) and Sara (technical secretary) adopt versions and follow the signatures; Eva
(Executive Committee), Beto and Olga (official) get 403. Citizens and officials sign; Sara, staff,
does not (403). Carla and Nora get 404 on the Mesa's pages; only Nora reaches the network's pages.
Every POST below is invalid on purpose and changes nothing.
"""

from __future__ import annotations

from typing import Any

from msj.charter.testing import charter_fixture
from msj.members.testing import Personas
from tests.matrix_base import MESA_A_MEMBERS, Entry, mesa_a, not_allowed, only
from tests.matrix_network import NETWORK_STAFF_ONLY, network

KEEPERS = only({"ana": 200, "sara": 200})
SIGNERS_REDIRECTED = only({"ana": 302, "eva": 302, "beto": 302, "olga": 302})


def with_charter(p: Personas, **extra: Any) -> dict[str, Any]:
    charter_fixture(p)
    return {**mesa_a(p), **extra}


def ethics_version(p: Personas) -> dict[str, Any]:
    return {**mesa_a(p), "public_id": charter_fixture(p).ethics.public_id}


def ethics_model(p: Personas) -> dict[str, Any]:
    return {**mesa_a(p), "public_id": charter_fixture(p).ethics_model.public_id}


def network_model(p: Personas) -> dict[str, Any]:
    return {**network(p), "public_id": charter_fixture(p).bylaws_model.public_id}


def network_with_charter(p: Personas) -> dict[str, Any]:
    charter_fixture(p)
    return network(p)


ENTRIES: dict[str, Entry] = {
    "charter:index": Entry(with_charter, {"GET": MESA_A_MEMBERS}),
    "charter:document": Entry(lambda p: with_charter(p, kind="code_of_ethics"), {"GET": MESA_A_MEMBERS}),
    "charter:version": Entry(ethics_version, {"GET": MESA_A_MEMBERS}),
    "charter:models": Entry(with_charter, {"GET": MESA_A_MEMBERS}),
    "charter:model": Entry(ethics_model, {"GET": MESA_A_MEMBERS}),
    "charter:adopt": Entry(
        lambda p: with_charter(p, kind="bylaws"), {"GET": KEEPERS, "POST": KEEPERS}, data=lambda p: {"title": ""}
    ),
    # Signing a document that is not the version in force is refused with a message.
    "charter:sign": Entry(
        lambda p: with_charter(p, kind="code_of_ethics"),
        {"GET": not_allowed(MESA_A_MEMBERS), "POST": SIGNERS_REDIRECTED},
        data=lambda p: {"document": "not-a-version"},
    ),
    "charter:signatures": Entry(lambda p: with_charter(p, kind="code_of_ethics"), {"GET": KEEPERS}),
    "charter_network:templates": Entry(network_with_charter, {"GET": NETWORK_STAFF_ONLY}),
    "charter_network:template_create": Entry(
        network, {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_STAFF_ONLY}, data=lambda p: {"kind": "bylaws"}
    ),
    "charter_network:template": Entry(network_model, {"GET": NETWORK_STAFF_ONLY}),
    "charter_network:adoption": Entry(network_with_charter, {"GET": NETWORK_STAFF_ONLY}),
}
