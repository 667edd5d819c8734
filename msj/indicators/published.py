"""What a Mesa let out of its indicators: the figures frozen when the Executive Committee approved them.

Approving an indicator's figures up to a month (services.approve_publication) copies that
month and the ones before it into PublishedFigure rows; withdrawing the approval hides them
again. The public page, its feed, the open-data download and the network's comparison read
only `published_series` — never the live figures — so an unapproved month, a target note or
a source the Mesa keeps to itself cannot reach them, and a later revision of the national file
does not change a figure after the press has quoted it.

Mesas are compared on one definition: the rate of the last twelve months per 100,000 people
(ROLLING_12), whatever annualisation each Mesa uses in its plenary. The state and national
references are computed the same way over the municipalities that report to the SESNSP.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from msj.indicators import store
from msj.indicators.figures import Figures, indicator_figures, territory_codes
from msj.indicators.models import (
    Indicator,
    PublicationApproval,
    PublishedFigure,
)
from msj.indicators.rates import Annualisation, Month
from msj.mesas.models import Mesa

# The network's common definition for comparing Mesas (issue 6: same definitions, same annualisation).
STANDARD_ANNUALISATION = Annualisation.ROLLING_12


def reporting_codes(indicator: Indicator, state_code: str | None = None) -> list[str]:
    """The municipalities with current SESNSP rows for the indicator, in one state or the whole country."""
    categories = indicator.categories.values_list("pk", flat=True)
    return store.reporting_codes(unit=indicator.unit, categories=categories, state=state_code)


def _primary_rates(figures: Figures) -> dict[Month, Decimal | None]:
    return {row.month: row.rate for row in figures.rows}


def freeze(approval: PublicationApproval) -> list[PublishedFigure]:
    """Copy the approved months of the indicator's primary SESNSP series into PublishedFigure rows."""
    indicator = approval.indicator
    mesa = indicator.mesa
    until = (approval.year, approval.month)
    own = indicator_figures(indicator)
    primary = own.primary
    if primary is None or not primary.key.startswith("sesnsp:"):
        return []
    codes = territory_codes(mesa)
    standard = _primary_rates(indicator_figures(indicator, annualisation=STANDARD_ANNUALISATION, codes=codes))
    state_codes = reporting_codes(indicator, mesa.state)
    state = (
        _primary_rates(indicator_figures(indicator, annualisation=STANDARD_ANNUALISATION, codes=state_codes))
        if state_codes
        else {}
    )
    national_codes = reporting_codes(indicator)
    national = (
        _primary_rates(indicator_figures(indicator, annualisation=STANDARD_ANNUALISATION, codes=national_codes))
        if national_codes
        else {}
    )
    rows = [
        PublishedFigure(
            approval=approval,
            year=row.month[0],
            month=row.month[1],
            count=row.primary_count,
            population=row.population,
            rate=row.rate,
            annualisation=own.annualisation,
            standard_rate=standard.get(row.month),
            target_value=row.target.value if row.target is not None else None,
            target_rate=row.target_rate,
            light=row.light or "",
            state_rate=state.get(row.month),
            national_rate=national.get(row.month),
        )
        for row in own.rows
        if row.month <= until and row.primary_count is not None
    ]
    return PublishedFigure.objects.bulk_create(rows)


@dataclass(frozen=True)
class PublishedSeries:
    """One indicator's published months, as the public and the network may see them."""

    indicator: Indicator
    approval: PublicationApproval
    figures: list[PublishedFigure]

    @property
    def latest(self) -> PublishedFigure | None:
        return self.figures[-1] if self.figures else None


def published_series(mesas: list[Mesa] | None = None, *, mesa: Mesa | None = None) -> list[PublishedSeries]:
    """Each indicator's latest approval in force, with its frozen months; nothing else.

    Two queries whatever the number of Mesas: the approvals in force, then their figures.
    """
    approvals = (
        PublicationApproval.objects.in_force()
        .select_related("indicator__mesa")
        .order_by("indicator__mesa__name", "indicator__position", "-year", "-month", "-created_at")
    )
    if mesa is not None:
        approvals = approvals.filter(indicator__mesa=mesa)
    elif mesas is not None:
        approvals = approvals.filter(indicator__mesa__in=mesas)
    latest: dict[int, PublicationApproval] = {}
    for approval in approvals:
        latest.setdefault(approval.indicator_id, approval)
    by_approval: dict[int, list[PublishedFigure]] = defaultdict(list)
    for figure in PublishedFigure.objects.filter(approval__in=list(latest.values())).order_by("year", "month"):
        by_approval[figure.approval_id].append(figure)
    return [
        PublishedSeries(indicator=a.indicator, approval=a, figures=by_approval[a.pk])
        for a in latest.values()
        if by_approval[a.pk]
    ]
