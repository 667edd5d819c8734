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
