"""The rate rules against real figures: SESNSP's Juárez and Chihuahua series as published by
new.crimenmexico, with the CONAPO 2010 projections they used (see data/PROVENANCE.md)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msj.indicators.rates import (
    Annualisation,
    annualisation_factor,
    change_is_significant,
    monthly_population,
    monthly_population_sql,
    period_rate,
    previous_months,
    rate_per_100k,
    rate_sql,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "real"


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
    numerator, denominator = annualisation_factor(2024, 2, how)
    assert Decimal(10 * numerator) / Decimal(denominator) == expected
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


PEOPLE = {(2015, m): 100_000 for m in range(1, 13)} | {(2014, m): 100_000 for m in range(1, 13)}


def test_calendar_year_rate_needs_every_month_and_uses_june() -> None:
    counts: dict[tuple[int, int], int | None] = {(2015, m): 10 for m in range(1, 13)}
    people = dict(PEOPLE) | {(2015, 6): 120_000}
    assert period_rate(counts, people, 2015, 12, Annualisation.CALENDAR_YEAR) == Decimal("100.0000")
    assert period_rate(counts, people, 2015, 11, Annualisation.CALENDAR_YEAR) is None  # only December closes it
    counts[(2015, 7)] = None
    assert period_rate(counts, people, 2015, 12, Annualisation.CALENDAR_YEAR) is None


def test_year_to_date_scales_by_the_months_elapsed() -> None:
    counts = {(2015, 1): 3, (2015, 2): 5, (2015, 3): 4}
    # 12 cases in 3 months → 48 a year per 100,000.
    assert period_rate(counts, PEOPLE, 2015, 3, Annualisation.YEAR_TO_DATE) == Decimal("48.0000")
    assert period_rate(counts, PEOPLE, 2015, 4, Annualisation.YEAR_TO_DATE) is None  # April missing, not zero


def test_rolling_twelve_crosses_the_year() -> None:
    counts = {(2014, m): 1 for m in range(1, 13)} | {(2015, 1): 13}
    # February 2014 .. January 2015: 11 × 1 + 13 = 24.
    assert period_rate(counts, PEOPLE, 2015, 1, Annualisation.ROLLING_12) == Decimal("24.0000")
    assert previous_months(2015, 1, 3) == [(2014, 11), (2014, 12), (2015, 1)]


def test_a_monthly_rate_through_period_rate_is_the_month_rate() -> None:
    counts = {(2015, 2): 28}
    expected = rate_per_100k(28, 100_000, 2015, 2, Annualisation.THIRTY_DAY)
    assert period_rate(counts, PEOPLE, 2015, 2, Annualisation.THIRTY_DAY) == expected == Decimal("360.0000")
    assert period_rate({}, PEOPLE, 2015, 2, Annualisation.THIRTY_DAY) is None


# The SQL twins of the rules, for the national series (national.py) --------------------------

MONTHLY = [Annualisation.MONTHLY_X12, Annualisation.DAYS_IN_MONTH, Annualisation.THIRTY_DAY]


@pytest.fixture(scope="module")
def duck() -> Any:
    import duckdb

    with duckdb.connect() as db:
        yield db


@settings(max_examples=300, deadline=None)
@given(
    count=st.one_of(st.integers(0, 5_000), st.integers(0, 98 * 2_147_483_647)),
    population=st.one_of(st.integers(1, 3_000_000), st.integers(1, 20)),
    year=st.integers(1990, 2040),
    month=st.integers(1, 12),
    how=st.sampled_from(MONTHLY),
)
def test_rate_sql_is_rate_per_100k(duck: Any, count: int, population: int, year: int, month: int, how: str) -> None:
    expected = rate_per_100k(count, population, year, month, how)
    found = duck.execute(f"SELECT {rate_sql(str(count), str(population), str(year), str(month), how)}").fetchone()[0]
    assert str(found) == str(expected)


@pytest.mark.parametrize("how", MONTHLY)
def test_rate_sql_at_the_half(duck: Any, how: str) -> None:
    # Exact halves of the fourth decimal round up: 1 × 12 × 100,000 / 24,000,000,000 = 0.00005 and
    # 3 × 12 × 100,000 / 8,000,000,000 = 0.00045 (April has 30 days, so the 30-day convention agrees).
    assert rate_per_100k(1, 24_000_000_000, 2021, 4, Annualisation.MONTHLY_X12) == Decimal("0.0001")
    assert rate_per_100k(3, 8_000_000_000, 2021, 4, Annualisation.THIRTY_DAY) == Decimal("0.0005")
    for count, population, year, month in [(1, 24_000_000_000, 2021, 4), (3, 8_000_000_000, 2021, 4), (3, 1, 2024, 2)]:
        expected = rate_per_100k(count, population, year, month, how)
        sql = rate_sql(str(count), str(population), str(year), str(month), how)
        assert str(duck.execute(f"SELECT {sql}").fetchone()[0]) == str(expected)


@settings(max_examples=300, deadline=None)
@given(before=st.integers(1, 3_000_000), after=st.integers(1, 3_000_000), month=st.integers(1, 12))
def test_monthly_population_sql_is_monthly_population(duck: Any, before: int, after: int, month: int) -> None:
    midyear = {2020: before, 2021: after}
    year = 2020 if month >= 6 else 2021
    expected = monthly_population(midyear, year, month)
    steps = month - 6 if month >= 6 else month + 6
    found = duck.execute(f"SELECT {monthly_population_sql(str(before), str(after), str(steps))}").fetchone()[0]
    assert found == expected
