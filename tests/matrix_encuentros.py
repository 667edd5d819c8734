"""The persona matrix of the Encuentro Nacional (msj/encuentros).

On Mesa A's pages every member sees the Encuentro; Ana (coordinator) and Sara (technical
secretary) register delegates and report on the network agreements, the others get 403;
Carla (Mesa B) and Nora (network staff) get 404. On the network's pages only Nora passes,
everyone else gets 404. Every POST below is invalid on purpose and changes nothing.
"""

from __future__ import annotations

from typing import Any

from msj.encuentros.testing import encuentro_fixture
from msj.members.testing import Personas
from tests.matrix_base import Entry, mesa_a, not_allowed, only
from tests.matrix_network import NETWORK_STAFF_ONLY, network

MEMBERS = only(dict.fromkeys(["ana", "eva", "beto", "olga", "sara"], 200))
KEEPERS_REDIRECTED = only({"ana": 302, "sara": 302})
STAFF_REDIRECTED = {**NETWORK_STAFF_ONLY, "nora": 302}
STAFF_GET_ON_POST_ONLY = {**NETWORK_STAFF_ONLY, "nora": 405}


def with_encuentro(p: Personas) -> dict[str, Any]:
    encuentro_fixture(p)
    return mesa_a(p)


def mesa_encuentro(p: Personas, **extra: Any) -> dict[str, Any]:
    return {**mesa_a(p), "public_id": encuentro_fixture(p).encuentro.public_id, **extra}


def network_encuentro(p: Personas, **extra: Any) -> dict[str, Any]:
    return {**network(p), "public_id": encuentro_fixture(p).encuentro.public_id, **extra}


def beto_delegate(p: Personas) -> dict[str, Any]:
    return mesa_encuentro(p, delegate_id=encuentro_fixture(p).beto.public_id)


def mesa_agreement(p: Personas) -> dict[str, Any]:
    return mesa_encuentro(p, agreement_id=encuentro_fixture(p).agreement.public_id)


def network_agreement(p: Personas) -> dict[str, Any]:
    return network_encuentro(p, agreement_id=encuentro_fixture(p).agreement.public_id)


def agenda_item(p: Personas) -> dict[str, Any]:
    return network_encuentro(p, item_id=encuentro_fixture(p).item.public_id)


ENTRIES: dict[str, Entry] = {
    "encuentros:home": Entry(with_encuentro, {"GET": MEMBERS}),
    "encuentros:detail": Entry(mesa_encuentro, {"GET": MEMBERS}),
    # Nobody chosen: refused with a message.
    "encuentros:register": Entry(
        mesa_encuentro, {"GET": not_allowed(KEEPERS_REDIRECTED), "POST": KEEPERS_REDIRECTED}, data=lambda p: {}
    ),
    # Withdrawing is a POST; a GET is refused (the matrix may not change data, so no valid POST here).
    "encuentros:withdraw": Entry(beto_delegate, {"GET": not_allowed(KEEPERS_REDIRECTED)}),
    # An empty note: refused with a message.
    "encuentros:follow_up": Entry(
        mesa_agreement, {"GET": not_allowed(KEEPERS_REDIRECTED), "POST": KEEPERS_REDIRECTED}, data=lambda p: {}
    ),
    "encuentros_network:list": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
    "encuentros_network:create": Entry(
        network, {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_STAFF_ONLY}, data=lambda p: {"title": ""}
    ),
    "encuentros_network:detail": Entry(network_encuentro, {"GET": NETWORK_STAFF_ONLY}),
    "encuentros_network:edit": Entry(
        network_encuentro, {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_STAFF_ONLY}, data=lambda p: {"title": ""}
    ),
    "encuentros_network:agenda_add": Entry(
        network_encuentro,
        {"GET": STAFF_GET_ON_POST_ONLY, "POST": STAFF_REDIRECTED},
        data=lambda p: {"title": "", "minutes": "0"},
    ),
    "encuentros_network:agenda_remove": Entry(agenda_item, {"GET": STAFF_GET_ON_POST_ONLY}),
    # An attendance value that is no choice: the list is shown again with the error.
    "encuentros_network:attendance": Entry(
        network_encuentro,
        {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_STAFF_ONLY},
        data=lambda p: {f"d-{encuentro_fixture(p).beto.public_id}": "maybe"},
    ),
    "encuentros_network:agreements": Entry(
        network_encuentro, {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_STAFF_ONLY}, data=lambda p: {"text": ""}
    ),
    "encuentros_network:export": Entry(lambda p: network_encuentro(p, fmt="xlsx"), {"GET": NETWORK_STAFF_ONLY}),
    "encuentros_network:agreement": Entry(
        network_agreement, {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_STAFF_ONLY}, data=lambda p: {"text": ""}
    ),
    "encuentros_network:agreement_follow_up": Entry(
        network_agreement, {"GET": STAFF_GET_ON_POST_ONLY, "POST": NETWORK_STAFF_ONLY}, data=lambda p: {"note": ""}
    ),
}
