"""Feeding the impact estimate (impact.py) from stored counts: the Mesa's territory against every
municipality that belongs to no Mesa, with the SESNSP series the indicator's page shows."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from msj.indicators import store
from msj.indicators.figures import Figures, indicator_figures, settings_for, territory_codes
from msj.indicators.impact import (
    POST_MONTHS,
    PRE_MONTHS,
    ImpactEstimate,
    NotEnoughData,
    Unit,
    choose_comparison,
    difference_in_differences,
)
from msj.indicators.models import Indicator, Population
from msj.indicators.rates import MONTHLY_ANNUALISATIONS, Annualisation, Month, monthly_population, rate_per_100k
from msj.mesas.models import MesaMunicipality


def _rates(counts: dict[Month, int], midyear: dict[int, int], how: str) -> dict[Month, float | None]:
    rates: dict[Month, float | None] = {}
    for (year, month), count in counts.items():
        try:
            people = monthly_population(midyear, year, month)
        except KeyError:
            continue
        rates[(year, month)] = float(rate_per_100k(count, people, year, month, how))
    return rates


def impact_for(indicator: Indicator) -> ImpactEstimate:
    """The difference-in-differences estimate of the indicator around the Mesa's installation.

    Raises NotEnoughData (with a message for the reader) when the Mesa has no installation date,
    no SESNSP series, or too few months or comparable municipalities.
    """
    mesa = indicator.mesa
    if mesa.installed_on is None:
        raise NotEnoughData(_("The Mesa has no installation date yet."))
    figures = indicator_figures(indicator)
    if figures.primary is None or not figures.primary.key.startswith("sesnsp:"):
        raise NotEnoughData(_("There is no SESNSP series for this indicator to compare with other municipalities."))
    methodology = figures.primary.key.split(":", 1)[1]
    settings = settings_for(mesa)
    how = settings.annualisation if settings.annualisation in MONTHLY_ANNUALISATIONS else Annualisation.THIRTY_DAY
    installed = (mesa.installed_on.year, mesa.installed_on.month)
    first_year = installed[0] - PRE_MONTHS // 12 - 1
    last_year = installed[0] + POST_MONTHS // 12 + 1
    own = set(territory_codes(mesa))
    with_mesa = set(MesaMunicipality.objects.values_list("inegi_code", flat=True))
    rows = store.current_sums(
        unit=indicator.unit,
        categories=indicator.categories.filter(methodology=methodology).values_list("pk", flat=True),
        years=(first_year, last_year),
        exclude=with_mesa - own,
    )
    counts: dict[str, dict[Month, int]] = defaultdict(dict)
    for code, year, months in rows:
        for month, total in enumerate(months, start=1):
            if total is not None:
                counts[code][(year, month)] = total
    midyear: dict[str, dict[int, int]] = defaultdict(dict)
    for code, year, people in Population.objects.filter(
        vintage=settings.vintage, year__gte=first_year - 1, year__lte=last_year + 1, municipality_id__in=counts.keys()
    ).values_list("municipality_id", "year", "population"):
        midyear[code][year] = people
    population = next((r.population for r in figures.rows if r.month == installed and r.population), None)
    if population is None:
        raise NotEnoughData(_("The territory has no population for the installation month."))
    treated = Unit(code="mesa", population=population, rates=_territory_rates(figures, how))
    candidates = [
        Unit(code=code, population=people, rates=_rates(series, midyear[code], how))
        for code, series in counts.items()
        if code not in own and (people := _population(midyear[code], installed))
    ]
    comparison = choose_comparison(treated, candidates, installed)
    return difference_in_differences(treated, comparison, installed)


def _population(midyear: dict[int, int], month: Month) -> int:
    try:
        return monthly_population(midyear, *month)
    except KeyError:
        return 0


def _territory_rates(figures: Figures, how: str) -> dict[Month, float | None]:
    """The primary series' rates in a monthly annualisation, whatever the Mesa's page shows."""
    rates: dict[Month, float | None] = {}
    for row in figures.rows:
        count = row.counts.get(figures.primary_key)
        if count is not None and row.population:
            rates[row.month] = float(rate_per_100k(count, row.population, row.month[0], row.month[1], how))
    return rates
