"""The crime indicators in the API matrix (tests/matrix_indicators.py on the web).

Every member of Mesa A reads the figures; Sara, the technical secretary, sets targets and
imports files (others 403); Carla and Nora get 404.
"""

from __future__ import annotations

from typing import Any

from msj.indicators.models import ImportBatch
from msj.indicators.testing import indicator_fixture
from msj.members.testing import Personas

from .extensions import table

API = "/api/v1"
M = f"{API}/mesas/{{slug}}"

MEMBERS = table({p: 200 for p in ("ana", "eva", "beto", "olga", "sara")})

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", f"{M}/indicators"): MEMBERS,
    ("GET", f"{M}/indicators/{{public_id}}/figures"): MEMBERS,
    ("POST", f"{M}/indicators/{{public_id}}/targets"): table({"sara": 422}),
    ("POST", f"{M}/indicator-imports"): table({"sara": 422}),
    ("GET", f"{M}/indicator-imports/{{public_id}}"): table({"sara": 200}),
}


def calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    indicator = indicator_fixture(p)
    batch, _ = ImportBatch.objects.get_or_create(
        kind=ImportBatch.Kind.COUNTS, mesa=p.mesa_a, sha256="0" * 64, defaults={"file_name": "conteos.csv"}
    )
    m = f"{API}/mesas/{p.mesa_a.slug}"
    i = f"{m}/indicators/{indicator.public_id}"
    return {
        ("GET", f"{M}/indicators"): (f"{m}/indicators", None),
        ("GET", f"{M}/indicators/{{public_id}}/figures"): (f"{i}/figures", None),
        # A negative target is refused: nothing is written.
        ("POST", f"{M}/indicators/{{public_id}}/targets"): (
            f"{i}/targets",
            {"value": "-1", "annualisation": "thirty_day", "starts_on": "2026-01-01"},
        ),
        ("POST", f"{M}/indicator-imports"): (f"{m}/indicator-imports", None),
        ("GET", f"{M}/indicator-imports/{{public_id}}"): (f"{m}/indicator-imports/{batch.public_id}", None),
    }
