"""What every part of the persona matrix shares: the personas, the shorthands, one entry.

The matrix itself is tests/test_persona_matrix.py; a capability may keep its own entries in
a module ``tests/matrix_<capability>.py`` that defines ``ENTRIES: dict[str, Entry]`` with the
helpers below. Those modules are collected by the matrix test, and a URL counts as covered
only through an entry there or in the main table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from msj.members.testing import Personas

PERSONAS = ["anonymous", "ana", "eva", "beto", "olga", "sara", "carla", "nora"]

# Shorthands for the common shapes of the matrix.
LOGIN = 302  # anonymous callers are sent to the sign-in page
EVERYONE_SIGNED_IN = {"anonymous": LOGIN, **{p: 200 for p in PERSONAS[1:]}}
MESA_A_FRAME = {
    "anonymous": LOGIN,
    **dict.fromkeys(["ana", "eva", "beto", "olga", "sara"], 200),
    "carla": 404,
    "nora": 200,
}
MESA_A_MEMBERS = {**MESA_A_FRAME, "nora": 404}


def only(allowed: dict[str, int], others: int = 403) -> dict[str, int]:
    """Members of Mesa A not listed get `others`; the outsider and network staff get 404."""
    table = {"anonymous": LOGIN, "carla": 404, "nora": 404}
    for p in ["ana", "eva", "beto", "olga", "sara"]:
        table[p] = allowed.get(p, others)
    return table


def not_allowed(table: dict[str, int]) -> dict[str, int]:
    """A POST-only URL fetched with GET: 405 for whoever gets past the Mesa's door."""
    return {p: (405 if code in {200, 302, 403} and p != "anonymous" else code) for p, code in table.items()}


@dataclass
class Entry:
    kwargs: Callable[[Personas], dict[str, Any]]
    expect: dict[str, dict[str, int]]  # method → persona → status
    data: Callable[[Personas], dict[str, Any]] | None = None  # POST payload (invalid on purpose)


def mesa_a(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug}
