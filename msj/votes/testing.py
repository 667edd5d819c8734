"""Helpers for tests of votes and of the processes built on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from msj.accounts.models import User
from msj.core.tokens import hash_secret
from msj.members.models import Membership
from msj.members.testing import SINCE, Personas
from msj.mesas.models import Mesa
from msj.votes import services
from msj.votes.models import BallotLink, Elector, Vote

ADMISSION_QUESTION = "¿Admitir a Diana Durán?"
DECISION_QUESTION = "¿Crear el Comité de Comunicación?"


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
        question=ADMISSION_QUESTION,
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


MATRIX_TOKEN = "matrix-personal-link-token"  # noqa: S105 - a test fixture


@dataclass
class VoteFixtures:
    admission: Vote
    decision: Vote


def vote_fixtures(personas: Personas) -> VoteFixtures:
    """An open admission vote (Ana, Eva and Beto elect) and an open Executive Committee vote
    (Ana and Eva), in Mesa A; made once per test database. Beto's personal link opens with
    MATRIX_TOKEN."""
    mesa = personas.mesa_a
    # Found by their questions: other fixtures (admissions, elections) open votes of their own.
    admission = Vote.objects.filter(mesa=mesa, kind=Vote.Kind.ADMISSION, question=ADMISSION_QUESTION).first()
    if admission is None:
        admission = open_admission(mesa)
        beto = Elector.objects.get(vote=admission, membership__user=personas.beto)
        BallotLink.objects.filter(elector=beto).update(token_hash=hash_secret(MATRIX_TOKEN))
    decision = Vote.objects.filter(mesa=mesa, kind=Vote.Kind.DECISION).first()
    if decision is None:
        decision = services.open_vote(
            mesa=mesa,
            kind=Vote.Kind.DECISION,
            question="¿Crear el Comité de Comunicación?",
            options=services.for_against(),
        )
    return VoteFixtures(admission=admission, decision=decision)
