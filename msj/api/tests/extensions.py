"""The API matrix, extended per capability: ``msj/api/tests/matrix_<capability>.py`` modules.

Each module defines ``MATRIX`` (operation → persona → status, built with `table`) and
``calls(personas)`` (operation → (path, body)), like the main table in test_matrix.py and
`operation_calls` in conftest.py, which merge them.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

MEMBERS_A = ["ana", "eva", "beto", "olga", "sara"]


def table(allowed: dict[str, int], *, others: int = 403, nora: int = 404) -> dict[str, int]:
    """Members of Mesa A not listed get `others`; Carla (Mesa B) always gets 404."""
    return {**{p: allowed.get(p, others) for p in MEMBERS_A}, "nora": nora, "carla": 404}


def capability_modules() -> list[ModuleType]:
    here = Path(__file__).parent
    return [
        importlib.import_module(f"msj.api.tests.{m.name}")
        for m in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name)
        if m.name.startswith("matrix_")
    ]
