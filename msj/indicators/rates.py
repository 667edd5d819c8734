"""Rates per 100,000 inhabitants, their annualisation, monthly population and change (DOMAIN.md §4.9).

Every rule here is exact: counts and populations are integers and rates are Decimals, so a
published figure is reproduced to the last decimal, never approximately. The annualisation is
part of every rate: a figure shown without saying how it was annualised cannot be compared.
"""

from __future__ import annotations

import calendar
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

PER = 100_000


class Annualisation(models.TextChoices):
    """How a month's count becomes a yearly rate; named on every figure that shows one."""

    MONTHLY_X12 = "monthly_x12", _("monthly count × 12")
    DAYS_IN_MONTH = "days_in_month", _("count per day of the month × days in the year")
    THIRTY_DAY = "thirty_day", _("count per day of the month × 30 × 12 (the 30-day convention)")
    CALENDAR_YEAR = "calendar_year", _("calendar year's count, mid-year population")
    YEAR_TO_DATE = "year_to_date", _("year-to-date count × 12 / months elapsed")
    ROLLING_12 = "rolling_12", _("count of the last 12 months")


MONTHLY_ANNUALISATIONS = frozenset({Annualisation.MONTHLY_X12, Annualisation.DAYS_IN_MONTH, Annualisation.THIRTY_DAY})

Month = tuple[int, int]


def previous_months(year: int, month: int, count: int) -> list[Month]:
    """The `count` months ending with (year, month), oldest first."""
    index = year * 12 + month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def annualisation_factor(year: int, month: int, how: str) -> tuple[int, int]:
    """(numerator, denominator): the month's count × numerator / denominator is its yearly figure."""
    days = calendar.monthrange(year, month)[1]
    if how == Annualisation.MONTHLY_X12:
        return 12, 1
    if how == Annualisation.DAYS_IN_MONTH:
        return (366 if calendar.isleap(year) else 365), days
    if how == Annualisation.THIRTY_DAY:
        return 30 * 12, days
    raise ValueError(f"Unknown annualisation {how!r}")


def rate_per_100k(count: int, population: int, year: int, month: int, how: str, *, places: int = 4) -> Decimal:
    """A month's rate per 100,000 inhabitants, annualised as named, rounded half up to `places`.

    Exact: the rate is the fraction count × numerator × 100,000 / (denominator × population),
    rounded once, in integers (rate_sql computes the same in SQL for the national series).
    """
    if population <= 0:
        raise ValueError("A rate needs a positive population.")
    numerator, denominator = annualisation_factor(year, month, how)
    scale = 10**places
    top, bottom = count * numerator * PER * scale, denominator * population
    scaled = (2 * top + bottom) // (2 * bottom)  # half up, for a count that is never negative
    return (Decimal(scaled) / scale).quantize(Decimal(1).scaleb(-places))


def rate_sql(count: str, population: str, year: str, month: str, how: str) -> str:
    """rate_per_100k (4 places) as a DuckDB expression over integer columns, a DECIMAL(38, 4).

    The same integers rounded the same way (ten-thousandths), so a rate computed for the whole
    country in SQL equals the one a Mesa's page shows.
    """
    days = f"day(last_day(make_date({year}, {month}, 1)))"
    if how == Annualisation.MONTHLY_X12:
        numerator, denominator = "12", "1"
    elif how == Annualisation.DAYS_IN_MONTH:
        numerator, denominator = f"dayofyear(make_date({year}, 12, 31))", days
    elif how == Annualisation.THIRTY_DAY:
        numerator, denominator = str(30 * 12), days
    else:
        raise ValueError(f"{how!r} is not a monthly annualisation")

    def scaled(kind: str) -> str:
        top = f"({count})::{kind} * {numerator} * {PER * 10_000}"
        bottom = f"({denominator})::{kind} * ({population})"
        return f"((2 * {top} + {bottom}) // (2 * {bottom}))"

    # 64-bit integers hold 2 × count × 366 × 10⁹ for any count under ten million (every month of
    # every place); HUGEINT, twice as slow, takes the rest.
    value = f"(CASE WHEN ({count}) < 10000000 THEN {scaled('BIGINT')} ELSE {scaled('HUGEINT')} END)"
    # Ten-thousandths to a decimal: through a double below 10¹³ (exact there: the nearest double
    # of k / 10⁴ rounds back to k / 10⁴, and it is three times faster), through text above.
    text = f"(({value} // 10000)::VARCHAR || '.' || lpad(({value} % 10000)::VARCHAR, 4, '0'))"
    return (
        f"(CASE WHEN {value} < 10000000000000 THEN ({value} / 10000)::DECIMAL(38, 4) ELSE {text}::DECIMAL(38, 4) END)"
    )


def period_rate(
    counts: dict[Month, int | None], population: dict[Month, int], year: int, month: int, how: str
) -> Decimal | None:
    """The rate shown for (year, month) under any annualisation, or None when a month it needs is missing.

    Monthly annualisations use that month alone. The calendar year is shown at December only, once
    all twelve of its months are known, with the June population (CONAPO's mid-year); year-to-date
    scales January..month by 12/month; rolling 12 sums the twelve months ending here. Period rates
    use the population of the last month (June for the calendar year) and round like every other.
    """
    if how in MONTHLY_ANNUALISATIONS:
        count, people = counts.get((year, month)), population.get((year, month))
        return None if count is None or people is None else rate_per_100k(count, people, year, month, how)
    if how == Annualisation.CALENDAR_YEAR:
        if month != 12:
            return None
        months, people, scale = [(year, m) for m in range(1, 13)], population.get((year, 6)), 12
    elif how == Annualisation.YEAR_TO_DATE:
        months, people, scale = [(year, m) for m in range(1, month + 1)], population.get((year, month)), month
    elif how == Annualisation.ROLLING_12:
        months, people, scale = previous_months(year, month, 12), population.get((year, month)), 12
    else:
        raise ValueError(f"Unknown annualisation {how!r}")
    values = [counts.get(m) for m in months]
    if people is None or people <= 0 or any(v is None for v in values):
        return None
    total = sum(v for v in values if v is not None)
    rate = Decimal(total * 12 * PER) / Decimal(scale * people)
    return rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def monthly_population(midyear: dict[int, int], year: int, month: int) -> int:
    """The population of a month, interpolated linearly between CONAPO's mid-year figures.

    A mid-year figure stands for June; the months between two Junes take twelfths of the
    difference, rounded half to even (as the published series were: 1,381,312.5 → 1,381,312).
    """
    if month >= 6:
        before, after, steps = midyear[year], midyear[year + 1], month - 6
    else:
        before, after, steps = midyear[year - 1], midyear[year], month + 6
    value = Decimal(before) + Decimal(after - before) * steps / 12
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def monthly_population_sql(before: str, after: str, steps: str) -> str:
    """monthly_population as a DuckDB expression: (12 × before + (after − before) × steps) / 12
    rounded half to even, in integers; `before`/`after` are the Junes around the month and
    `steps` the months since the first (0–11)."""
    twelfths = f"(12 * ({before})::BIGINT + (({after}) - ({before}))::BIGINT * ({steps}))"
    whole, rest = f"({twelfths} // 12)", f"({twelfths} % 12)"
    return f"({whole} + CASE WHEN {rest} > 6 OR ({rest} = 6 AND {whole} % 2 = 1) THEN 1 ELSE 0 END)"


def change_is_significant(current: int, earlier: int) -> bool:
    """CompStat's Poisson test of a change between two counts: |2(√x − √y)| > 3.

    Squared in integers: |√x − √y| > 3/2 ⇔ 4x + 4y − 9 > 0 and (4x + 4y − 9)² > 64xy.
    """
    spread = 4 * current + 4 * earlier - 9
    return spread > 0 and spread * spread > 64 * current * earlier
