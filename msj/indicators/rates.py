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


def annualised_count(count: int, year: int, month: int, how: str) -> Decimal:
    """The month's count as a yearly figure, by the named convention."""
    days = calendar.monthrange(year, month)[1]
    if how == Annualisation.MONTHLY_X12:
        return Decimal(count * 12)
    if how == Annualisation.DAYS_IN_MONTH:
        return Decimal(count * (366 if calendar.isleap(year) else 365)) / Decimal(days)
    if how == Annualisation.THIRTY_DAY:
        return Decimal(count * 30 * 12) / Decimal(days)
    raise ValueError(f"Unknown annualisation {how!r}")


def rate_per_100k(count: int, population: int, year: int, month: int, how: str, *, places: int = 4) -> Decimal:
    """A month's rate per 100,000 inhabitants, annualised as named, rounded half up to `places`."""
    if population <= 0:
        raise ValueError("A rate needs a positive population.")
    rate = annualised_count(count, year, month, how) * PER / Decimal(population)
    return rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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


def change_is_significant(current: int, earlier: int) -> bool:
    """CompStat's Poisson test of a change between two counts: |2(√x − √y)| > 3.

    Squared in integers: |√x − √y| > 3/2 ⇔ 4x + 4y − 9 > 0 and (4x + 4y − 9)² > 64xy.
    """
    spread = 4 * current + 4 * earlier - 9
    return spread > 0 and spread * spread > 64 * current * earlier
