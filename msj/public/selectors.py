"""What the public and the network may read of the Mesas: published things only.

Three doors, each owned by the capability that publishes: `published_series` (indicator
figures the Executive Committee approved, frozen at approval), `Release.objects.published()`
(press releases published and not withdrawn) and the directory cards a Mesa chose to list.
Nothing here reads a live figure, a draft or a deliberation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from msj.core.export import safe_cell
from msj.exchange.models import DirectoryCard
from msj.exchange.selectors import CardView, describe
from msj.indicators.published import PublishedSeries, published_series
from msj.mesas.models import Mesa, Network
from msj.press.models import Release
from msj.public.sparkline import sparkline

TREND_MONTHS = 24


def public_mesas(network: Network) -> models.QuerySet[Mesa]:
    """Mesas with a public page: every Mesa of the network past its forming."""
    return network.mesas.exclude(status=Mesa.Status.FORMING).order_by("name")


@dataclass(frozen=True)
class IndicatorCard:
    series: PublishedSeries
    trend: str  # a sparkline `data:` URI of the 12-month rate

    @property
    def latest(self) -> Any:
        return self.series.latest


def indicator_cards(series: Iterable[PublishedSeries]) -> list[IndicatorCard]:
    return [
        IndicatorCard(series=s, trend=sparkline([f.standard_rate for f in s.figures[-TREND_MONTHS:]])) for s in series
    ]


def releases(mesas: Iterable[Mesa] | None = None, *, mesa: Mesa | None = None, limit: int = 20) -> list[Release]:
    found = Release.objects.published().select_related("mesa")
    if mesa is not None:
        found = found.filter(mesa=mesa)
    elif mesas is not None:
        found = found.filter(mesa__in=list(mesas))
    return list(found[:limit])


def card_for(mesa: Mesa) -> CardView | None:
    """The Mesa's directory card if it chose to list it publicly."""
    views = describe(DirectoryCard.objects.public().filter(mesa=mesa))
    return views[0] if views else None


def cards_for(mesas: Iterable[Mesa]) -> dict[int, CardView]:
    return {view.card.mesa_id: view for view in describe(DirectoryCard.objects.public().filter(mesa__in=list(mesas)))}


OPEN_DATA_HEADER = [
    "mesa",
    "state",
    "indicator",
    "indicator_name",
    "year",
    "month",
    "count",
    "population",
    "rate_per_100k",
    "annualisation",
    "rate_12_months_per_100k",
    "target_per_100k",
    "rate_against_target",
    "traffic_light",
    "state_rate_12_months",
    "national_rate_12_months",
    "approved_on",
]


def _cell(value: Decimal | int | None) -> str:
    return "" if value is None else str(value)


def open_data_rows(series: Iterable[PublishedSeries]) -> Iterator[list[str]]:
    """Every published month as one row: machine-readable, the same numbers the page shows."""
    for s in series:
        mesa = s.indicator.mesa
        approved = s.approval.created_at.date().isoformat()
        for f in s.figures:
            yield [
                mesa.slug,
                mesa.state,
                s.indicator.slug,
                safe_cell(s.indicator.name),  # a Mesa names its own indicators
                str(f.year),
                str(f.month),
                _cell(f.count),
                _cell(f.population),
                _cell(f.rate),
                f.annualisation,
                _cell(f.standard_rate),
                _cell(f.target_value),
                _cell(f.target_rate),
                f.light,
                _cell(f.state_rate),
                _cell(f.national_rate),
                approved,
            ]


def open_data_csv(series: Iterable[PublishedSeries]) -> bytes:
    """The open-data download: a header row, then every published month (UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPEN_DATA_HEADER)
    writer.writerows(open_data_rows(series))
    return buffer.getvalue().encode("utf-8")


def published_series_for(mesas: list[Mesa]) -> list[PublishedSeries]:
    """The published indicator series of these Mesas (none at all for an empty list)."""
    return published_series(mesas) if mesas else []
