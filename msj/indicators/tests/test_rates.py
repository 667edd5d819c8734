"""The rate rules against real figures: SESNSP's Juárez and Chihuahua series as published by
new.crimenmexico, with the CONAPO 2010 projections they used (see data/PROVENANCE.md)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from msj.indicators.rates import (
    Annualisation,
    annualised_count,
    change_is_significant,
    monthly_population,
    rate_per_100k,
)

DATA = Path(__file__).parent / "data"


def sesnsp_rows() -> list[dict[str, str]]:
    with (DATA / "sesnsp_cieisp_municipal_juarez_chihuahua_2011-01_2016-07.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def midyear_totals() -> dict[str, dict[int, int]]:
    totals: dict[str, dict[int, int]] = defaultdict(dict)
    with (DATA / "conapo2010_poblacion_mitad_anio_juarez_chihuahua_1990-2030.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["sexo"] == "Total" and row["poblacion"]:  # 2007–2009 are missing in the source
                totals[row["cvegeo"]][int(row["anio"])] = int(row["poblacion"])
    return totals


def test_every_published_thirty_day_rate_is_reproduced_exactly() -> None:
    checked = 0
    rows = sesnsp_rows()
    for row in rows:
        if not row["count"]:
            assert not row["rate_published_per100k_annualized"]  # missing is not zero: no rate either
            continue
        year, month = map(int, row["fecha"].split("-"))
        rate = rate_per_100k(
            int(row["count"]), int(row["population_conapo2010_monthly"]), year, month, Annualisation.THIRTY_DAY
        )
        assert rate == Decimal(row["rate_published_per100k_annualized"]), row
        checked += 1
    assert checked == sum(1 for row in rows if row["count"]) > 500


def test_the_monthly_population_is_conapos_interpolated_as_published() -> None:
    midyear = midyear_totals()
    for row in sesnsp_rows():
        year, month = map(int, row["fecha"].split("-"))
        assert monthly_population(midyear[row["cvegeo"]], year, month) == int(row["population_conapo2010_monthly"]), row


def test_yearly_homicides_in_juarez() -> None:
    per_year: dict[int, int] = defaultdict(int)
    for row in sesnsp_rows():
        if row["cvegeo"] == "08037" and row["delito"] == "homicidio_doloso":
            per_year[int(row["fecha"][:4])] += int(row["count"])
    assert per_year[2011] == 1460 and per_year[2015] == 269


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (Annualisation.MONTHLY_X12, Decimal(120)),
        (Annualisation.DAYS_IN_MONTH, Decimal(10 * 366) / 29),  # February of a leap year
        (Annualisation.THIRTY_DAY, Decimal(10 * 360) / 29),
    ],
)
def test_each_annualisation_is_named_and_exact(how: str, expected: Decimal) -> None:
    assert annualised_count(10, 2024, 2, how) == expected
    assert str(Annualisation(how).label)


def test_a_rate_needs_a_population() -> None:
    with pytest.raises(ValueError, match="population"):
        rate_per_100k(1, 0, 2024, 1, Annualisation.MONTHLY_X12)


@pytest.mark.parametrize(
    ("current", "earlier", "significant"),
    [
        (2, 0, False),  # 2√2 ≈ 2.83
        (3, 0, True),  # 2√3 ≈ 3.46
        (16, 9, False),  # 2(4 − 3) = 2
        (25, 9, True),  # 2(5 − 3) = 4
        (9, 25, True),  # a fall counts as much as a rise
        (168, 129, True),
        (168, 140, False),
    ],
)
def test_the_poisson_test(current: int, earlier: int, significant: bool) -> None:
    assert change_is_significant(current, earlier) is significant


def test_the_poisson_test_agrees_with_its_formula_wherever_floats_can_tell() -> None:
    for x in range(0, 120):
        for y in range(0, 120):
            value = abs(2 * (x**0.5 - y**0.5))
            if abs(value - 3) > 1e-9:
                assert change_is_significant(x, y) is (value > 3), (x, y)
