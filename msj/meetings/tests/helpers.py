"""Helpers for the meetings tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import translation

from msj.accounts.models import User
from msj.meetings.models import AgendaItem
from msj.members.access import Actor, actor_for
from msj.members.models import Membership
from msj.members.testing import SINCE, Personas


def actor(personas: Personas, name: str) -> Actor:
    result = actor_for(personas.all()[name], personas.mesa_a)
    assert result is not None
    return result


def membership(personas: Personas, name: str) -> Membership:
    return Membership.objects.get(mesa=personas.mesa_a, user=personas.all()[name], ended_on__isnull=True)


def new_member(personas: Personas, name: str, kind: str, **extra: Any) -> tuple[User, Membership]:
    """Another person in Mesa A: an honorary citizen, a volunteer, a second official…"""
    user = User.objects.create_user(email=f"{name}@example.org", full_name=name.title(), email_verified=True)
    m = Membership.objects.create(mesa=personas.mesa_a, user=user, kind=kind, started_on=SINCE, **extra)
    return user, m


def at(when: dt.datetime, **delta: float) -> dt.datetime:
    return when + dt.timedelta(**delta)


def item_title(kind: str) -> str:
    """The title an agenda template gives an item of `kind`: in the Mesa's language, as stored."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(AgendaItem.Kind(kind).label)
