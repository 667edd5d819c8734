"""The persona matrix of the crime indicators (msj/indicators).

Every member of Mesa A — citizens and the official alike — sees the indicators, their charts,
data, map, impact view and monthly reports. Sara, the technical secretary, keeps them (targets,
settings, imports, the standard set); Ana and Eva, of the Executive Committee, approve figures
for the press. Carla (another Mesa) and Nora (network staff) get 404 everywhere. Every POST
below is invalid on purpose and changes nothing.
"""

from __future__ import annotations

from typing import Any

from msj.indicators.models import PublicationApproval
from msj.indicators.testing import indicator_fixture
from msj.members.testing import Personas
from tests.matrix_base import Entry, mesa_a, only

MEMBERS = only({p: 200 for p in ("ana", "eva", "beto", "olga", "sara")})
KEEPER = only({"sara": 200})
KEEPER_INVALID = only({"sara": 400})
KEEPER_REDIRECT = only({"sara": 302})
EXECUTIVE_REDIRECT = only({"ana": 302, "eva": 302})


def indicator(p: Personas, **extra: Any) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": indicator_fixture(p).public_id, **extra}


def approval(p: Personas) -> dict[str, Any]:
    """An approval in force of the homicide indicator (made directly: kwargs run before the snapshot)."""
    found = indicator_fixture(p)
    made, _ = PublicationApproval.objects.get_or_create(
        indicator=found, year=2024, month=1, defaults={"approved_by": p.ana}
    )
    return {"mesa_slug": p.mesa_a.slug, "public_id": found.public_id, "approval_id": made.public_id}


def with_indicators(p: Personas) -> dict[str, Any]:
    indicator_fixture(p)
    return mesa_a(p)


ENTRIES: dict[str, Entry] = {
    "indicators:board": Entry(mesa_a, {"GET": MEMBERS}),
    # The standard set is in place already: adding it again adds nothing.
    "indicators:install_standard": Entry(with_indicators, {"POST": KEEPER_REDIRECT}, data=lambda p: {}),
    "indicators:settings": Entry(with_indicators, {"GET": KEEPER, "POST": KEEPER}, data=lambda p: {}),
    "indicators:map": Entry(with_indicators, {"GET": MEMBERS}),
    "indicators:report": Entry(lambda p: {**mesa_a(p), "kind": "press"}, {"GET": MEMBERS}),
    "indicators:detail": Entry(indicator, {"GET": MEMBERS}),
    "indicators:chart": Entry(lambda p: indicator(p, fmt="svg"), {"GET": MEMBERS}),
    "indicators:export": Entry(lambda p: indicator(p, fmt="csv"), {"GET": MEMBERS}),
    "indicators:impact": Entry(indicator, {"GET": MEMBERS}),
    "indicators:target_create": Entry(indicator, {"POST": KEEPER_INVALID}, data=lambda p: {"value": "x"}),
    "indicators:approve": Entry(indicator, {"POST": EXECUTIVE_REDIRECT}, data=lambda p: {"month": "no"}),
    # With no reason the withdrawal is refused: the approval stays in force.
    "indicators:withdraw_publication": Entry(approval, {"POST": EXECUTIVE_REDIRECT}, data=lambda p: {"reason": ""}),
}


ENTRIES |= {
    "indicators:imports": Entry(mesa_a, {"GET": KEEPER, "POST": KEEPER}, data=lambda p: {"kind": "counts"}),
    "indicators:counts_template": Entry(lambda p: {**mesa_a(p), "fmt": "csv"}, {"GET": KEEPER}),
    "indicators:import_detail": Entry(
        lambda p: {**mesa_a(p), "public_id": import_fixture(p).public_id}, {"GET": KEEPER}
    ),
}


def import_fixture(p: Personas) -> Any:
    from msj.indicators.models import ImportBatch

    batch, _ = ImportBatch.objects.get_or_create(
        kind=ImportBatch.Kind.COUNTS, mesa=p.mesa_a, sha256="0" * 64, defaults={"file_name": "conteos.csv"}
    )
    return batch


ENTRIES |= {
    "indicators:create": Entry(with_indicators, {"GET": KEEPER, "POST": KEEPER}, data=lambda p: {"name": ""}),
    "indicators:edit": Entry(indicator, {"GET": KEEPER, "POST": KEEPER}, data=lambda p: {"name": ""}),
}
ENTRIES["indicators:revisions"] = Entry(indicator, {"GET": MEMBERS})
