"""Access ends at once: a disabled account, a removal, a suspension, a seat handed over.

Every check goes through HTTP with clients that are already signed in, because the point is
that nothing cached in a session (or computed at sign-in) keeps a door open.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import Client

from msj.accounts.models import User
from msj.members.models import Membership
from msj.members.services import add_membership, change_membership_status, hand_over_seat
from msj.members.testing import Personas

MESA_A = "/m/mesa-a/"
MESA_B = "/m/mesa-b/"
JUAREZ = zoneinfo.ZoneInfo("America/Ciudad_Juarez")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def membership(user: User, mesa_slug: str = "mesa-a") -> Membership:
    return Membership.objects.get(user=user, mesa__slug=mesa_slug, ended_on__isnull=True)


def test_disabled_account_loses_access_on_every_device_at_once(personas: Personas) -> None:
    phone, laptop = signed_in(personas.beto), signed_in(personas.beto)
    for client in (phone, laptop):
        assert client.get("/").status_code == 200
        assert client.get(MESA_A).status_code == 200

    personas.beto.is_active = False
    personas.beto.save(update_fields=["is_active"])

    for client in (phone, laptop):
        for path in ("/", MESA_A, f"{MESA_A}members/", "/me/profile/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/"), path
        assert not client.get("/accounts/login/").wsgi_request.user.is_authenticated


def test_removed_member_gets_404_on_that_mesa_at_once_and_keeps_the_others(personas: Personas) -> None:
    add_membership(
        mesa=personas.mesa_b, user=personas.beto, kind=Membership.Kind.CITIZEN, started_on=dt.date(2024, 2, 1)
    )
    client = signed_in(personas.beto)
    assert client.get(MESA_A).status_code == 200
    assert client.get(MESA_B).status_code == 200

    change_membership_status(
        membership=membership(personas.beto), status=Membership.Status.REMOVED, on=personas.mesa_a.today()
    )

    for path in (MESA_A, f"{MESA_A}members/", f"{MESA_A}seats/", f"{MESA_A}rules/"):
        assert client.get(path).status_code == 404, path
    assert client.get(MESA_B).status_code == 200
    home = client.get("/")
    assert home.status_code == 200
    assert b"Mesa B" in home.content
    assert b'href="/m/mesa-a/"' not in home.content


def test_removed_coordinator_loses_the_mesa_and_the_office(personas: Personas) -> None:
    client = signed_in(personas.ana)
    assert client.get(MESA_A).status_code == 200
    change_membership_status(
        membership=membership(personas.ana), status=Membership.Status.REMOVED, on=personas.mesa_a.today()
    )
    assert client.get(MESA_A).status_code == 404
    assert client.get(f"{MESA_A}members/").status_code == 404


def test_suspended_member_gets_404_until_reinstated(personas: Personas) -> None:
    client = signed_in(personas.beto)
    today = personas.mesa_a.today()
    change_membership_status(membership=membership(personas.beto), status=Membership.Status.SUSPENDED, on=today)
    assert client.get(MESA_A).status_code == 404
    assert client.get(f"{MESA_A}members/").status_code == 404
    change_membership_status(membership=membership(personas.beto), status=Membership.Status.ACTIVE, on=today)
    assert client.get(MESA_A).status_code == 200


def test_a_resignation_ends_access_the_same_way(personas: Personas) -> None:
    client = signed_in(personas.eva)
    change_membership_status(
        membership=membership(personas.eva), status=Membership.Status.RESIGNED, on=personas.mesa_a.today()
    )
    assert client.get(MESA_A).status_code == 404


class TestSeatHandedOver:
    """Olga hands the municipal security director's seat to Hugo on HANDOVER, in Mesa A's zone.

    At 23:59 on the eve in Ciudad Juárez it is already HANDOVER in UTC (and in Mexico City
    during daylight time): the cut must follow the Mesa's own calendar, nobody else's.
    """

    HANDOVER = dt.date(2031, 3, 12)

    @pytest.fixture
    def hugo(self, personas: Personas) -> User:
        hugo = User.objects.create_user(email="hugo@example.org", full_name="Hugo Hernández", password=None)
        hand_over_seat(seat=personas.olga_seat, new_holder=hugo, on=self.HANDOVER)
        return hugo

    def at(self, day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=JUAREZ)

    def statuses(self, personas: Personas, hugo: User, when: dt.datetime) -> tuple[int, int]:
        with time_machine.travel(when, tick=False):
            return signed_in(personas.olga).get(MESA_A).status_code, signed_in(hugo).get(MESA_A).status_code

    def test_olga_keeps_access_until_the_last_minute_of_the_eve(self, personas: Personas, hugo: User) -> None:
        eve = self.HANDOVER - dt.timedelta(days=1)
        assert self.statuses(personas, hugo, self.at(eve, 0, 0)) == (200, 404)
        assert self.statuses(personas, hugo, self.at(eve, 23, 59)) == (200, 404)
        assert self.statuses(personas, hugo, self.at(eve, 23, 59, 59)) == (200, 404)

    def test_olga_loses_access_in_the_first_minute_of_the_day(self, personas: Personas, hugo: User) -> None:
        assert self.statuses(personas, hugo, self.at(self.HANDOVER, 0, 0)) == (404, 200)
        assert self.statuses(personas, hugo, self.at(self.HANDOVER, 0, 1)) == (404, 200)
        assert self.statuses(personas, hugo, self.at(self.HANDOVER + dt.timedelta(days=30), 12, 0)) == (404, 200)

    def test_a_session_opened_before_the_handover_closes_at_midnight(self, personas: Personas, hugo: User) -> None:
        eve = self.HANDOVER - dt.timedelta(days=1)
        with time_machine.travel(self.at(eve, 23, 55), tick=False) as traveller:
            olga = signed_in(personas.olga)
            assert olga.get(MESA_A).status_code == 200
            traveller.move_to(self.at(self.HANDOVER, 0, 0))
            assert olga.get(MESA_A).status_code == 404
            assert olga.get("/").status_code == 200  # still signed in, just not in Mesa A

    def test_the_eve_in_utc_is_already_the_day(self) -> None:
        eve_last_minute = self.at(self.HANDOVER - dt.timedelta(days=1), 23, 59)
        assert eve_last_minute.astimezone(dt.UTC).date() == self.HANDOVER
