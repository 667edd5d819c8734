"""Every municipality's monthly series and rates for a set of indicators, computed at once.

A Mesa's figures (figures.py) read its own territory, a few queries per indicator. The national
view — every municipality of the country, every standard indicator, every month — is computed
here in one DuckDB query over the national store (store.py): the current rows of the
indicators' categories summed by municipality, indicator and month, the population of the month
interpolated from the vintage named, and the rate. The population and the monthly rates come
from the SQL twins of rates.py's rules (monthly_population_sql, rate_sql), which give the same
integers; the period annualisations (calendar year, year to date, rolling 12) take
rates.period_rate over each municipality's series, as a Mesa's page does.

The rules are those of figures.sesnsp_counts for a territory of one municipality: a month is
known when at least one of the indicator's categories reported it that year (a NULL month, or
no row at all, is missing, never zero), and a rate needs the month's interpolated population
from the one vintage named.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from msj.indicators import store
from msj.indicators.catalogue import STANDARD_INDICATORS, StandardIndicator, matches
from msj.indicators.models import MONTH_FIELDS, CountingUnit, CrimeCategory, Methodology, Population
from msj.indicators.rates import (
    MONTHLY_ANNUALISATIONS,
    Annualisation,
    Month,
    monthly_population_sql,
    period_rate,
    rate_sql,
)

FETCH_ROWS = 50_000


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


def _series_sql(
    db: duckdb.DuckDBPyConnection,
    *,
    vintage: str,
    annualisation: str,
    methodology: str,
    unit: str,
    indicators: Iterable[StandardIndicator],
    ordered: bool = True,
) -> str | None:
    """The query of the series (code, indicator, year, month, count, population, rate), in that
    order, with the small tables it reads loaded into `db`; None when there is nothing to read.

    Ordered by municipality, indicator and month unless `ordered` is False; the order holds
    because every step after the sort keeps it (the connection then preserves insertion order).
    """
    categories = indicator_categories(indicators, methodology)
    pairs = [(category, slug) for slug, ids in categories.items() for category in ids]
    files = store.live_files(unit)
    if not pairs or not files:
        return None
    db.execute(f"SET preserve_insertion_order = {str(ordered).lower()}")
    db.execute("CREATE TEMP TABLE wanted (category INTEGER, indicator VARCHAR, position INTEGER)")
    order = {slug: position for position, slug in enumerate(categories)}
    store.insert(db, "wanted", [(c, slug, order[slug]) for c, slug in pairs])
    db.execute("CREATE TEMP TABLE midyear (code VARCHAR, year INTEGER, people BIGINT)")
    store.insert(
        db,
        "midyear",
        list(Population.objects.filter(vintage=vintage).values_list("municipality_id", "year", "population")),
    )
    listed = ", ".join(str(category) for category, _slug in pairs)
    current = store.current_sql(files, f"category IN ({listed})")
    sums = ", ".join(f"SUM(c.{name})::BIGINT AS {name}" for name in MONTH_FIELDS)
    later = monthly_population_sql("june", "next_june", "month - 6")
    earlier = monthly_population_sql("last_june", "june", "month + 6")
    rate = (
        rate_sql("count", "population", "year", "month", annualisation)
        if annualisation in MONTHLY_ANNUALISATIONS
        else "NULL"
    )
    # Each category joins once per indicator it serves, so overlapping definitions each count it.
    # The 217,000 year rows are sorted, then unnested into months: sorting the 2.5 million month
    # rows instead took a second. A NULL month is dropped: nobody reported it, it is missing.
    return f"""
        WITH yearly AS (
            SELECT c.code, w.indicator, w.position, c.year, {sums}
            FROM ({current}) c JOIN wanted w ON w.category = c.category
            GROUP BY c.code, w.indicator, w.position, c.year
        ),
        sorted AS (
            SELECT y.*, a.people AS last_june, b.people AS june, n.people AS next_june
            FROM yearly y
            LEFT JOIN midyear a ON a.code = y.code AND a.year = y.year - 1
            LEFT JOIN midyear b ON b.code = y.code AND b.year = y.year
            LEFT JOIN midyear n ON n.code = y.code AND n.year = y.year + 1
            {"ORDER BY y.code, y.position, y.year" if ordered else ""}
        ),
        months AS (
            SELECT code, indicator, year, last_june, june, next_june,
                unnest(range(1, 13)) AS month, unnest([{", ".join(MONTH_FIELDS)}]) AS count
            FROM sorted
        ),
        peopled AS (
            SELECT code, indicator, year, month, count,
                CASE WHEN month >= 6 THEN {later} ELSE {earlier} END AS population
            FROM months WHERE count IS NOT NULL
        )
        SELECT code, indicator, year, month, count, population,
            CASE WHEN population IS NULL THEN NULL ELSE {rate} END AS rate
        FROM peopled"""  # noqa: S608 - our own clauses


def national_series(
    *,
    vintage: str,
    annualisation: str = Annualisation.THIRTY_DAY,
    methodology: str = Methodology.NEW,
    unit: str = CountingUnit.CASES,
    indicators: Iterable[StandardIndicator] = STANDARD_INDICATORS,
) -> Iterator[NationalRow]:
    """Yield every municipality's known months of each indicator, by municipality, indicator, month."""
    with store.connect() as db:
        sql = _series_sql(
            db, vintage=vintage, annualisation=annualisation, methodology=methodology, unit=unit, indicators=indicators
        )
        if sql is None:
            return
        result = db.execute(sql)
        if annualisation in MONTHLY_ANNUALISATIONS:
            while rows := result.fetchmany(FETCH_ROWS):
                for code, slug, year, month, count, people, rate in rows:
                    yield NationalRow(code, slug, year, month, count, people, None if rate is None else Decimal(rate))
            return
        yield from _period_rows(iter(lambda: result.fetchmany(FETCH_ROWS), []), annualisation)


def _period_rows(chunks: Iterator[list[tuple]], annualisation: str) -> Iterator[NationalRow]:  # type: ignore[type-arg]
    """The rows of one municipality and indicator at a time, rated by rates.period_rate."""
    key: tuple[str, str] | None = None
    series: list[tuple[int, int, int, int | None]] = []

    def rated() -> Iterator[NationalRow]:
        assert key is not None  # noqa: S101
        counts: dict[Month, int | None] = {(y, m): n for y, m, n, _p in series}
        population = {(y, m): p for y, m, _n, p in series if p is not None}
        for year, month, count, people in series:
            yield NationalRow(
                key[0], key[1], year, month, count, people, period_rate(counts, population, year, month, annualisation)
            )

    for rows in chunks:
        for code, slug, year, month, count, people, _rate in rows:
            if (code, slug) != key:
                if key is not None:
                    yield from rated()
                key, series = (code, slug), []
            series.append((year, month, count, people))
    if key is not None:
        yield from rated()


def export_national_series(
    path: Path,
    *,
    vintage: str,
    annualisation: str = Annualisation.THIRTY_DAY,
    methodology: str = Methodology.NEW,
    unit: str = CountingUnit.CASES,
    indicators: Iterable[StandardIndicator] = STANDARD_INDICATORS,
) -> int:
    """Write the national series as CSV (code, indicator, year, month, count, population, rate; no
    header, blanks for missing); return the rows written. Monthly annualisations are written by
    DuckDB from the query, in no particular order (sorting 2.5 million rows would double the time;
    the file is for loading elsewhere, and no spreadsheet opens that many); the others row by row,
    in national_series' order."""
    if annualisation not in MONTHLY_ANNUALISATIONS:
        rows = 0
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            for row in national_series(
                vintage=vintage, annualisation=annualisation, methodology=methodology, unit=unit, indicators=indicators
            ):
                writer.writerow(
                    (*(row.code, row.indicator, row.year, row.month, row.count), *_blanks(row.population, row.rate))
                )
                rows += 1
        return rows
    with store.connect() as db:
        sql = _series_sql(
            db,
            vintage=vintage,
            annualisation=annualisation,
            methodology=methodology,
            unit=unit,
            indicators=indicators,
            ordered=False,
        )
        if sql is None:
            path.write_text("")
            return 0
        # Materialised, then written: faster than COPY straight from the query (measured).
        db.execute(f"CREATE TEMP TABLE series AS {sql}")
        found = db.execute(f"COPY series TO {store.sql_text(path)} (HEADER false)").fetchone()  # noqa: S608
    return found[0] if found else 0


def _blanks(*values: object) -> list[object]:
    return ["" if value is None else value for value in values]
