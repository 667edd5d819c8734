"""The one way into a Mesa: resolve the Mesa and the caller's place in it, once per request.

Every Mesa URL sits under ``/m/<mesa-slug>/`` and every view there is wrapped in
`mesa_view`. Outsiders get 404, exactly as for a Mesa that does not exist, so a
stranger cannot even learn which Mesas exist behind the login.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from msj.members.models import Membership, NetworkStaff, Office
from msj.mesas.models import Mesa


class Role:
    """What a caller is in one Mesa; a caller may be several at once (a citizen who coordinates)."""

    CITIZEN = "citizen"
    OFFICIAL = "official"
    HONORARY = "honorary"
    VOLUNTEER = "volunteer"
    GUEST = "guest"
    STAFF = "staff"
    COORDINATOR = "coordinator"
    ALTERNATE = "alternate"
    EXECUTIVE = "executive"
    SECRETARY = "secretary"
    NETWORK = "network"


# The coordinator and the alternates sit on the Executive Committee by office.
EXECUTIVE_ROLES = frozenset({Role.COORDINATOR, Role.ALTERNATE, Role.EXECUTIVE})


@dataclass(frozen=True)
class Actor:
    """Who is asking, in which Mesa, with which roles. Policies decide from this alone."""

    user: Any
    mesa: Mesa
    membership: Membership | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_executive(self) -> bool:
        return bool(self.roles & EXECUTIVE_ROLES)


def actor_for(user: Any, mesa: Mesa) -> Actor | None:
    """Return the caller's place in `mesa`, or None when they have no current one."""
    if not user.is_authenticated or not user.is_active:
        return None
    today = mesa.today()
    # A person may have a place ending (a seat handed over) and another starting later (a
    # citizen membership): the one that grants access today is the current one, not the newest.
    membership = next(
        (
            m
            for m in Membership.objects.current()
            .filter(mesa=mesa, user=user, started_on__lte=today)
            .select_related("mesa", "user", "seat")
            .order_by("-started_on")
            if m.is_current()
        ),
        None,
    )
    if membership is not None:
        roles = {membership.kind}
        roles.update(Office.objects.current(today).filter(membership=membership).values_list("kind", flat=True))
        return Actor(user=user, mesa=mesa, membership=membership, roles=frozenset(roles))
    if NetworkStaff.objects.current(today).filter(network_id=mesa.network_id, user=user).exists():
        return Actor(user=user, mesa=mesa, roles=frozenset({Role.NETWORK}))
    return None


def mesa_view(view: Callable[..., HttpResponse] | None = None, *, network: bool = False) -> Any:
    """Resolve ``request.mesa`` and ``request.actor`` from the URL's slug, or answer 404.

    Network staff are no members of the Mesa: they pass only where a view says
    ``@mesa_view(network=True)`` (the frame, never deliberations); everywhere else
    they get the same 404 as a stranger, before any other check can tell them more.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, mesa_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            mesa = Mesa.objects.filter(slug=mesa_slug).first()
            actor = actor_for(request.user, mesa) if mesa is not None else None
            if mesa is None or actor is None or (not actor.is_member and not network):
                raise Http404
            request.mesa = mesa  # type: ignore[attr-defined]
            request.actor = actor  # type: ignore[attr-defined]
            # Times are stored in UTC and shown where the Mesa sits (Ciudad Juárez is not Mexico City).
            with timezone.override(mesa.tzinfo):
                return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
