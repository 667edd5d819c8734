"""`places_of` (the API's lists of Mesas) agrees with `actor_for` (the door of every Mesa)."""

from __future__ import annotations

import datetime as dt

from msj.accounts.models import User
from msj.api.access import places_of
from msj.members.access import actor_for
from msj.members.models import Membership, NetworkStaff, Office
from msj.members.testing import Personas
from msj.mesas.models import Mesa


def assert_agree(user: User) -> None:
    expected = {}
    for mesa in Mesa.objects.all():
        actor = actor_for(user, mesa)
        if actor is not None:
            expected[mesa.pk] = (actor.membership, actor.roles)
    got = {a.mesa.pk: (a.membership, a.roles) for a in places_of(user)}
    assert got == expected, user


def test_personas(personas: Personas) -> None:
    for user in personas.all().values():
        if user is not None:
            assert_agree(user)


def test_edges(personas: Personas) -> None:
    today = dt.date.today()  # noqa: DTZ011 - a day off either way is what the edges are about
    beto = Membership.objects.get(user=personas.beto)
    beto.status = Membership.Status.SUSPENDED
    beto.save()
    Office.objects.filter(membership__user=personas.eva).update(ended_on=today - dt.timedelta(days=3))
    Membership.objects.filter(user=personas.olga).update(ended_on=today)  # left today
    NetworkStaff.objects.filter(user=personas.nora).update(ended_on=today - dt.timedelta(days=1))
    Membership.objects.create(
        mesa=personas.mesa_b, user=personas.sara, kind=Membership.Kind.GUEST, started_on=today + dt.timedelta(days=5)
    )
    carla = Membership.objects.get(user=personas.carla)
    Membership.objects.filter(pk=carla.pk).update(ended_on=today - dt.timedelta(days=30))
    Membership.objects.create(
        mesa=personas.mesa_b,
        user=personas.carla,
        kind=Membership.Kind.HONORARY,
        started_on=today - dt.timedelta(days=2),
    )
    disabled = personas.eva
    for user in [personas.beto, personas.eva, personas.olga, personas.nora, personas.sara, personas.carla]:
        assert_agree(user)
    disabled.is_active = False
    disabled.save()
    assert places_of(disabled) == []
    assert_agree(disabled)
