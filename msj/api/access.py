"""The API's door to a Mesa: the same resolution as the web's `mesa_view`, and the caller's places."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone

from msj.accounts.models import User
from msj.members.access import Actor, Role, actor_for
from msj.members.models import Membership, NetworkStaff, Office
from msj.mesas.models import Mesa


def caller(request: HttpRequest) -> User:
    """The person the request authenticated as (by token or session)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)  # noqa: S101 - every operation requires authentication
    return user


def mesa_actor(request: HttpRequest, slug: str) -> Actor:
    """Resolve the Mesa by its slug and the caller's place in it; 404 for outsiders, as on the web."""
    mesa = Mesa.objects.filter(slug=slug).first()
    actor = actor_for(caller(request), mesa) if mesa is not None else None
    if actor is None:
        raise Http404
    return actor


def places_of(user: User) -> list[Actor]:
    """Every Mesa where `actor_for(user, mesa)` would answer, with the same roles, in a few queries.

    It applies the rules of `actor_for` to all the person's Mesas at once (each Mesa's
    date in its own time zone); tests check that both always agree.
    """
    if not user.is_active:
        return []
    # Each Mesa's date is within a day of the server's; these bounds only narrow the rows.
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    tomorrow = yesterday + dt.timedelta(days=2)
    latest: dict[int, Membership] = {}
    for m in Membership.objects.current().filter(user=user).select_related("mesa", "user").order_by("-started_on"):
        latest.setdefault(m.mesa_id, m)  # actor_for looks at the most recent place only
    memberships = [m for m in latest.values() if m.is_current()]
    offices: dict[int, set[str]] = {}
    for office in (
        Office.objects.filter(membership__in=memberships, started_on__lte=tomorrow)
        .exclude(ended_on__lt=yesterday)
        .select_related("mesa")
    ):
        if _open_on(office.started_on, office.ended_on, office.mesa.today()):
            offices.setdefault(office.membership_id, set()).add(office.kind)
    places = {
        m.mesa_id: Actor(user=user, mesa=m.mesa, membership=m, roles=frozenset({m.kind, *offices.get(m.pk, set())}))
        for m in memberships
    }
    staff: dict[int, list[NetworkStaff]] = {}
    for role in NetworkStaff.objects.filter(user=user, started_on__lte=tomorrow).exclude(ended_on__lt=yesterday):
        staff.setdefault(role.network_id, []).append(role)
    if staff:
        for mesa in Mesa.objects.filter(network_id__in=list(staff)).exclude(pk__in=list(places)):
            today = mesa.today()
            if any(_open_on(r.started_on, r.ended_on, today) for r in staff[mesa.network_id]):
                places[mesa.pk] = Actor(user=user, mesa=mesa, roles=frozenset({Role.NETWORK}))
    return sorted(places.values(), key=lambda p: (p.mesa.name, p.mesa.pk))


def _open_on(started_on: dt.date, ended_on: dt.date | None, day: dt.date) -> bool:
    return started_on <= day and (ended_on is None or ended_on > day)
