"""Every municipality's monthly series and rates for a set of indicators, computed at once.

A Mesa's figures (figures.py) read its own territory, a few queries per indicator. The national
view — every municipality of the country, every standard indicator, every month — would take
tens of thousands of such reads, so it is computed here from one aggregate query over the
current SESNSP rows, grouped by municipality, indicator and year, and the rates come from
rates.py exactly as a Mesa's do. Rows are streamed in municipality order, so memory holds one
municipality's figures at a time (and the population table), never the country's.

The rules are those of figures.sesnsp_counts for a territory of one municipality: a month is
known when at least one of the indicator's categories reported it that year (a NULL month, or
no row at all, is missing, never zero), and a rate needs the month's interpolated population
from the one vintage named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from msj.indicators.catalogue import STANDARD_INDICATORS, StandardIndicator, matches
from msj.indicators.models import (
    MONTH_FIELDS,
    CategoryCount,
    CountingUnit,
    CrimeCategory,
    Methodology,
    Population,
)
from msj.indicators.rates import Annualisation, Month, monthly_population, period_rate

FETCH_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class NationalRow:
    """One municipality's known month of one indicator: its count, population and rate."""

    code: str
    indicator: str  # the standard indicator's slug
    year: int
    month: int
    count: int
    population: int | None  # None: the vintage lacks the mid-year figures around the month
    rate: Decimal | None  # None when a month the annualisation needs is missing


def indicator_categories(
    indicators: Iterable[StandardIndicator] = STANDARD_INDICATORS, methodology: str = Methodology.NEW
) -> dict[str, list[int]]:
    """The stored categories each indicator's patterns match (a category may serve several)."""
    categories = list(
        CrimeCategory.objects.filter(methodology=methodology).values_list(
            "pk", "level_1", "level_2", "level_3", "level_4"
        )
    )
    return {
        standard.slug: [
            pk for pk, a, b, c, d in categories if matches((a, b, c, d), standard.patterns.get(methodology, ()))
        ]
        for standard in indicators
    }


def national_series(
    *,
    vintage: str,
    annualisation: str = Annualisation.THIRTY_DAY,
    methodology: str = Methodology.NEW,
    unit: str = CountingUnit.CASES,
    indicators: Iterable[StandardIndicator] = STANDARD_INDICATORS,
) -> Iterator[NationalRow]:
    """Yield every municipality's known months of each indicator, by municipality, indicator, month."""
    categories = indicator_categories(indicators, methodology)
    slugs = [slug for slug, ids in categories.items() if ids]
    pairs = [(category, index) for index, slug in enumerate(slugs) for category in categories[slug]]
    if not pairs:
        return
    midyear: dict[str, dict[int, int]] = {}
    for code, year, people in Population.objects.filter(vintage=vintage).values_list(
        "municipality_id", "year", "population"
    ):
        midyear.setdefault(code, {})[year] = people
    current: str | None = None
    population: dict[Month, int] = {}
    for code, index, counts in _yearly_sums(pairs, unit):
        if code != current:
            current, population = code, {}
            places = midyear.get(code, {})
        for known in counts:
            if known not in population:
                try:
                    population[known] = monthly_population(places, *known)
                except KeyError:
                    continue
        for year, month in sorted(counts):
            yield NationalRow(
                code,
                slugs[index],
                year,
                month,
                counts[(year, month)],
                population.get((year, month)),
                period_rate(counts, population, year, month, annualisation),  # type: ignore[arg-type]
            )


def _yearly_sums(pairs: list[tuple[int, int]], unit: str) -> Iterator[tuple[str, int, dict[Month, int]]]:
    """(municipality, indicator index, known months) from one aggregate query, in that order."""
    table = CategoryCount._meta.db_table
    months = ", ".join(f"SUM(c.{name})" for name in MONTH_FIELDS)
    values = ", ".join(["(%s, %s)"] * len(pairs))
    # Each category joins once per indicator it serves, so overlapping definitions each count it.
    sql = (
        f"WITH wanted (category_id, indicator) AS (VALUES {values}) "  # noqa: S608 - no user input in the SQL
        f"SELECT c.municipality_id, w.indicator, c.year, {months} "
        f"FROM {table} c JOIN wanted w ON w.category_id = c.category_id "
        "WHERE c.is_current = %s AND c.unit = %s "
        "GROUP BY c.municipality_id, w.indicator, c.year "
        "ORDER BY c.municipality_id, w.indicator, c.year"
    )
    params: list[int | str | bool] = [value for pair in pairs for value in pair]
    params += [True, unit]
    key: tuple[str, int] | None = None
    counts: dict[Month, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            for code, index, year, *sums in rows:
                if (code, index) != key:
                    if key is not None:
                        yield key[0], key[1], counts
                    key, counts = (code, index), {}
                for month, total in enumerate(sums, start=1):
                    if total is not None:
                        counts[(year, month)] = int(total)
    if key is not None:
        yield key[0], key[1], counts
