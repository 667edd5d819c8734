"""Citizen members on no committee for more than the Mesa's grace period (Cuadro 7), at the edges."""

from __future__ import annotations

import datetime as dt

import pytest

from msj.committees import services
from msj.committees.models import CommitteeMember
from msj.committees.obligations import add_months, members_without_committee
from msj.committees.testing import committee_fixtures
from msj.members.models import Membership, Office
from msj.members.services import add_membership
from msj.members.testing import SINCE, Personas


def referred(personas: Personas, today: dt.date) -> list[str]:
    return [row.membership.user.email for row in members_without_committee(personas.mesa_a, today)]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 1, 15), 2, dt.date(2024, 3, 15)),
        (dt.date(2024, 12, 31), 2, dt.date(2025, 2, 28)),
        (dt.date(2023, 12, 31), 2, dt.date(2024, 2, 29)),
        (dt.date(2024, 11, 30), 3, dt.date(2025, 2, 28)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_counted_from_the_start_of_the_membership(personas: Personas) -> None:
    # Beto has been a citizen member since 15 January 2024 and sits on no committee.
    assert dt.date(2024, 1, 15) == SINCE
    assert referred(personas, dt.date(2024, 3, 15)) == []  # exactly two months: not yet
    assert referred(personas, dt.date(2024, 3, 16)) == ["beto@example.org"]  # two months and a day
    row = members_without_committee(personas.mesa_a, dt.date(2024, 3, 16))[0]
    assert row.since == SINCE and row.referred_after == dt.date(2024, 3, 15)


def test_only_citizen_members_without_office_or_committee(personas: Personas) -> None:
    today = dt.date(2026, 6, 1)
    # Ana (coordinator) and Eva (Executive Committee) sit on the Executive Committee by office;
    # Olga is an official and Sara technical staff: the obligation is the citizen members'.
    assert referred(personas, today) == ["beto@example.org"]
    Office.objects.filter(membership__user=personas.eva).update(ended_on=dt.date(2026, 4, 1))
    assert referred(personas, today) == ["beto@example.org"]  # two months after the office ended: not yet
    assert referred(personas, dt.date(2026, 6, 2)) == ["beto@example.org", "eva@example.org"]


def test_counted_from_the_last_committee_exit(personas: Personas) -> None:
    fx = committee_fixtures(personas)  # Beto coordinates Prevention since 12/03/2025
    assert "beto@example.org" not in referred(personas, dt.date(2026, 6, 1))
    # Dissolving Beto's committee on 10 May 2026 closes his seat that day.
    CommitteeMember.objects.filter(committee=fx.prevention).update(left_on=dt.date(2026, 5, 10))
    assert "beto@example.org" not in referred(personas, dt.date(2026, 7, 10))
    assert "beto@example.org" in referred(personas, dt.date(2026, 7, 11))


def test_a_pending_request_is_not_a_committee(personas: Personas) -> None:
    fx = committee_fixtures(personas)
    newcomer = add_membership(
        mesa=personas.mesa_a, user=personas.carla, kind=Membership.Kind.CITIZEN, started_on=dt.date(2026, 1, 1)
    )
    services.request_to_join(committee=fx.indicators, membership=newcomer)
    assert "carla@example.org" not in referred(personas, dt.date(2026, 3, 1))
    assert "carla@example.org" in referred(personas, dt.date(2026, 3, 2))


def test_a_later_membership_start_wins_over_an_older_exit(personas: Personas) -> None:
    # A member who rejoined the Mesa is counted from their new start.
    Membership.objects.filter(user=personas.beto).update(started_on=dt.date(2026, 2, 1))
    assert referred(personas, dt.date(2026, 4, 1)) == []
    assert referred(personas, dt.date(2026, 4, 2)) == ["beto@example.org"]
