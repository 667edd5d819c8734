"""The one way into the national network's own pages: ``/network/<network-slug>/…``.

Network staff accompany Mesas, they are no members of them (DOMAIN.md §2). Their pages sit
apart from every Mesa's, under the network's slug, and everyone else gets 404 there — the same
answer as for a network that does not exist. What network staff may read of a Mesa is only what
that Mesa published to the network, or the frame the network keeps itself (forming steps).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from msj.members.models import NetworkStaff
from msj.mesas.models import Network


@dataclass(frozen=True)
class NetworkActor:
    """Network staff at work in their network; policies of network pages decide from this."""

    user: Any
    network: Network
    staff: NetworkStaff


def network_actor_for(user: Any, network: Network) -> NetworkActor | None:
    """The caller's current place on the network's staff, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    staff = NetworkStaff.objects.current(timezone.localdate()).filter(network=network, user=user).first()
    return NetworkActor(user=user, network=network, staff=staff) if staff is not None else None


def network_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve ``request.network`` and ``request.network_actor`` from the URL's slug, or answer 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, network_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        network = Network.objects.filter(slug=network_slug).first()
        actor = network_actor_for(request.user, network) if network is not None else None
        if network is None or actor is None:
            raise Http404
        request.network = network  # type: ignore[attr-defined]
        request.network_actor = actor  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
