"""Test helpers for the indicators: reference data and the real Juárez series.

The real counts come from data/real (SESNSP via new.crimenmexico, CONAPO 2010; see its
PROVENANCE.md). Transactional tests empty every table, data migrations' rows included, so
`ensure_reference_data` puts the municipalities and the crime catalogue back when missing.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from msj.indicators import store
from msj.indicators.models import (
    MONTHS,
    CrimeCategory,
    ImportBatch,
    Indicator,
    Methodology,
    Population,
)
from msj.indicators.realdata import CIEISP_PLACE, ensure_reference_data
from msj.mesas.models import Mesa, MesaMunicipality

DATA = Path(__file__).resolve().parent / "data" / "real"
SESNSP_CSV = DATA / "sesnsp_cieisp_municipal_juarez_chihuahua_2011-01_2016-07.csv"
CONAPO_CSV = DATA / "conapo2010_municipio-population2010-2030.csv"


def real_rows() -> list[dict[str, str]]:
    with SESNSP_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def store_real_series(codes: tuple[str, ...] = ("08037", "08019")) -> None:
    """The real CIEISP series as current SESNSP rows (blank months NULL), and CONAPO 2010 population."""
    ensure_reference_data()
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.SESNSP_CIEISP, file_name="real.csv", sha256="real", status=ImportBatch.Status.DONE
    )
    years: dict[tuple[str, str, int], dict[int, int | None]] = defaultdict(dict)
    for row in real_rows():
        if row["cvegeo"] in codes:
            year, month = map(int, row["fecha"].split("-"))
            years[(row["cvegeo"], row["delito"], year)][month] = int(row["count"]) if row["count"] else None
    rows = []
    for (code, crime, year), months in years.items():
        category = CrimeCategory.objects.get(
            methodology=Methodology.CIEISP,
            level_1=CIEISP_PLACE[crime][0][0],  # the whole count in the first subtype, as realdata does
            level_2=CIEISP_PLACE[crime][0][1],
            level_3=CIEISP_PLACE[crime][0][2],
            level_4="",
        )
        rows.append((code, category.pk, year, [months.get(month) for month in MONTHS]))
    store.write_rows(batch, rows)
    with CONAPO_CSV.open(encoding="utf-8") as handle:
        Population.objects.bulk_create(
            Population(
                municipality_id=f"{int(r['Code']):05d}",
                vintage="CONAPO 2010",
                year=int(r["Year"]),
                population=int(r["Population"]),
            )
            for r in csv.DictReader(handle)
            if r["Sex"] == "Total" and f"{int(r['Code']):05d}" in codes
        )


def juarez_territory(mesa: Mesa) -> None:
    MesaMunicipality.objects.get_or_create(mesa=mesa, inegi_code="08037", defaults={"name": "Juárez"})


def indicator_fixture(personas: object) -> Indicator:
    """Mesa A's homicide indicator over Juárez (its standard set installed); idempotent for the matrix."""
    from msj.indicators.services import install_standard_indicators

    mesa = personas.mesa_a  # type: ignore[attr-defined]
    ensure_reference_data()
    juarez_territory(mesa)
    install_standard_indicators(mesa=mesa)
    return Indicator.objects.get(mesa=mesa, slug="homicidio-doloso")


@dataclass(frozen=True)
class StoredRow:
    """One version of a row of the national store, as the tests look at it."""

    batch_id: int
    municipality_id: str
    category_id: int
    year: int
    revision: int
    is_current: bool
    months: list[int | None]

    @property
    def category(self) -> CrimeCategory:
        return CrimeCategory.objects.get(pk=self.category_id)


def stored_rows(unit: str = "cases", *, current: bool = False) -> list[StoredRow]:
    """Every version of every row in the national store for the unit (or the current ones only)."""
    rows = [
        StoredRow(batch, code, category, year, revision, is_current, months)
        for batch, code, category, year, revision, is_current, months in store.row_versions(unit=unit)
    ]
    rows.sort(key=lambda row: (row.municipality_id, row.category_id, row.year, row.batch_id))
    return [row for row in rows if row.is_current] if current else rows
