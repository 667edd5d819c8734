"""The network staff's side of the exchange: the directory, the visits' list and the library.

Network staff read here only what the Mesas chose to show the network: the cards, who
visited whom and when (never either side's notes), and published practices.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from msj.exchange.forms import SearchForm
from msj.exchange.models import Practice, Visit
from msj.exchange.selectors import describe, network_cards
from msj.exchange.views import download, library_context, practice_context
from msj.mesas.models import Network
from msj.network.access import network_view

VISITS_PAGE_SIZE = 50


def _network(request: HttpRequest) -> Network:
    return request.network  # type: ignore[attr-defined,no-any-return]


@network_view
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    network = _network(request)
    return render(
        request, "exchange/network_directory.html", {"network": network, "cards": describe(network_cards(network))}
    )


@network_view
@require_GET
def visits(request: HttpRequest) -> HttpResponse:
    network = _network(request)
    # Only the frame of each visit: the Mesas, the dates and the status.
    rows = (
        Visit.objects.filter(host__network=network)
        .select_related("visitor", "host")
        .only("public_id", "visitor__name", "host__name", "wished_on", "plenary_on", "status")
        .order_by("-wished_on", "pk")
    )
    page = Paginator(rows, VISITS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/network_visits.html", {"network": network, "page": page})


@network_view
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    network = _network(request)
    queryset = Practice.objects.published_in(network).select_related("mesa")
    context = library_context(request, SearchForm(request.GET), queryset, network=network)
    return render(request, "exchange/library.html", context)


def _published(network: Network, public_id: str) -> Practice:
    try:
        return Practice.objects.published_in(network).select_related("mesa", "committee").get(public_id=public_id)
    except (ValueError, Practice.DoesNotExist):
        raise Http404 from None


@network_view
@require_GET
def practice_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    network = _network(request)
    practice = _published(network, public_id)

    def url(item: Any) -> str:
        return reverse(
            "exchange_network:practice_attachment",
            kwargs={"network_slug": network.slug, "public_id": practice.public_id, "file_id": item.public_id},
        )

    return render(request, "exchange/practice_detail.html", practice_context(practice, url, network=network))


@network_view
@require_GET
@never_cache
def practice_attachment(request: HttpRequest, public_id: str, file_id: str) -> HttpResponse:
    practice = _published(_network(request), public_id)
    item = practice.attachments.filter(public_id=file_id).first()
    if item is None:
        raise Http404
    return download(request, item, mesa=practice.mesa, about={"practice": str(practice.public_id)})
