"""The network staff's desk: every Mesa of the network and where each stands."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msj.network.access import network_view


@network_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    mesas = network.mesas.order_by("status", "name")
    return render(request, "network/home.html", {"network": network, "mesas": mesas})
