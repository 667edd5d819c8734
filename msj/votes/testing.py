"""Helpers for tests of votes and of the processes built on them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from msj.accounts.models import User
from msj.members.models import Membership
from msj.members.testing import SINCE
from msj.mesas.models import Mesa
from msj.votes import services
from msj.votes.models import Vote


def add_citizens(mesa: Mesa, count: int, *, prefix: str = "elector") -> list[Membership]:
    """`count` more active citizen members of `mesa`, with verified addresses."""
    memberships = []
    for i in range(count):
        user = User.objects.create_user(
            email=f"{prefix}{i}@{mesa.slug}.example.org", full_name=f"{prefix.title()} {i:03d}", email_verified=True
        )
        memberships.append(
            Membership.objects.create(mesa=mesa, user=user, kind=Membership.Kind.CITIZEN, started_on=SINCE)
        )
    return memberships


def open_admission(mesa: Mesa, *, electorate: list[Membership] | None = None, days: int = 5) -> Vote:
    now = timezone.now()
    return services.open_vote(
        mesa=mesa,
        kind=Vote.Kind.ADMISSION,
        question="¿Admitir a Diana Durán?",
        options=services.for_against(),
        electorate=electorate,
        opens_at=now,
        closes_at=now + dt.timedelta(days=days),
    )


def open_election(mesa: Mesa, candidates: list[Membership], *, electorate: list[Membership] | None = None) -> Vote:
    now = timezone.now()
    return services.open_vote(
        mesa=mesa,
        kind=Vote.Kind.ELECTION,
        question="Coordinación suplente",
        options=services.candidates(candidates),
        electorate=electorate,
        opens_at=now,
        closes_at=now + dt.timedelta(days=5),
    )
