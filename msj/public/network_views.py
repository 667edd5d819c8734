"""The national comparison for network staff: every Mesa's published figures on one definition.

Network staff read exactly what the public reads — the figures each Mesa approved for
publication, frozen at approval — grouped by standard indicator, so they can compare Mesas
without ever entering one (DOMAIN.md §4.11; deliberations never reach them).
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msj.audit.services import record_export
from msj.network.access import network_view
from msj.public import selectors


@network_view
@require_GET
def comparison(request: HttpRequest) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    mesas = list(network.mesas.order_by("name"))
    cards = selectors.indicator_cards(selectors.published_series_for(mesas))
    groups: dict[str, list[selectors.IndicatorCard]] = defaultdict(list)
    names: dict[str, str] = {}
    for card in cards:
        groups[card.series.indicator.slug].append(card)
        names.setdefault(card.series.indicator.slug, card.series.indicator.name)
    indicators = [
        (names[slug], sorted(rows, key=lambda c: c.series.indicator.mesa.name)) for slug, rows in sorted(groups.items())
    ]
    silent = [m for m in mesas if m.pk not in {c.series.indicator.mesa_id for c in cards}]
    return render(
        request,
        "public/comparison.html",
        {"network": network, "indicators": indicators, "silent": silent},
    )


@network_view
@require_GET
def comparison_data(request: HttpRequest) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    series = selectors.published_series_for(list(network.mesas.all()))
    record_export(actor=request.network_actor, mesa=None, what="network comparison", request=request)  # type: ignore[attr-defined]
    response = HttpResponse(selectors.open_data_csv(series), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-comparacion.csv"'
    return response
