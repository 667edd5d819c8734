"""The public face (msj/public): anyone may read it, signed in or not; network staff compare.

The public pages show only published things, so every persona — the anonymous visitor first —
gets the same 200. The national comparison is the network staff's alone.
"""

from __future__ import annotations

from typing import Any

from msj.members.testing import Personas
from msj.public.testing import published_release
from tests.matrix_base import PERSONAS, Entry, mesa_a
from tests.matrix_network import NETWORK_STAFF_ONLY, network

EVERYONE = dict.fromkeys(PERSONAS, 200)


def release(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": published_release(p).public_id}


ENTRIES: dict[str, Entry] = {
    "public:index": Entry(lambda p: {}, {"GET": EVERYONE}),
    "public:network": Entry(network, {"GET": EVERYONE}),
    "public:network_atom": Entry(network, {"GET": EVERYONE}),
    "public:network_rss": Entry(network, {"GET": EVERYONE}),
    "public:network_data": Entry(network, {"GET": EVERYONE}),
    "public:mesa": Entry(mesa_a, {"GET": EVERYONE}),
    "public:mesa_atom": Entry(mesa_a, {"GET": EVERYONE}),
    "public:mesa_rss": Entry(mesa_a, {"GET": EVERYONE}),
    "public:mesa_data": Entry(mesa_a, {"GET": EVERYONE}),
    "public:release": Entry(release, {"GET": EVERYONE}),
    "public_network:comparison": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
    "public_network:comparison_data": Entry(network, {"GET": NETWORK_STAFF_ONLY}),
}
