"""Edges found in review: who may hold an office, effective dates, places that overlap in time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from msj.accounts.models import User
from msj.members.access import actor_for
from msj.members.models import Membership, Office, OfficialPost, Seat
from msj.members.services import add_membership, appoint_office, change_membership_status, hand_over_seat


def test_an_official_can_never_be_technical_secretary(personas):
    olga = Membership.objects.get(user=personas.olga)
    with pytest.raises(ValidationError):
        appoint_office(membership=olga, kind="secretary", started_on=personas.mesa_a.today())
    assert Office.objects.get(kind="secretary", ended_on__isnull=True).membership.user == personas.sara


def test_a_suspended_member_cannot_take_an_office(personas):
    beto = Membership.objects.get(user=personas.beto)
    change_membership_status(membership=beto, status="suspended", on=personas.mesa_a.today())
    with pytest.raises(ValidationError):
        appoint_office(membership=beto, kind="coordinator", started_on=personas.mesa_a.today())
    assert Office.objects.get(kind="coordinator", ended_on__isnull=True).membership.user == personas.ana


def test_an_alternate_who_becomes_coordinator_leaves_the_alternate_seat(personas):
    today = personas.mesa_a.today()
    beto = Membership.objects.get(user=personas.beto)
    appoint_office(membership=beto, kind="alternate", started_on=today)
    appoint_office(membership=beto, kind="coordinator", started_on=today)
    open_kinds = set(Office.objects.filter(membership=beto, ended_on__isnull=True).values_list("kind", flat=True))
    assert open_kinds == {"coordinator"}


def test_a_status_change_cannot_be_dated_in_the_future(personas):
    beto = Membership.objects.get(user=personas.beto)
    tomorrow = personas.mesa_a.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        change_membership_status(membership=beto, status="resigned", on=tomorrow)
    beto.refresh_from_db()
    assert (beto.status, beto.ended_on) == ("active", None)


def test_an_official_keeps_access_while_a_later_place_has_not_started(personas):
    """Olga hands her seat over in ten days and joins as a citizen then: today she is still the official."""
    today = personas.mesa_a.today()
    successor = User.objects.create_user(email="sucesor@example.org", full_name="Sucesor")
    hand_over_seat(seat=personas.olga_seat, new_holder=successor, on=today + dt.timedelta(days=10))
    Membership.objects.create(
        mesa=personas.mesa_a, user=personas.olga, kind="citizen", started_on=today + dt.timedelta(days=10)
    )
    actor = actor_for(personas.olga, personas.mesa_a)
    assert actor is not None and actor.has("official")


def test_a_seat_of_another_mesa_is_refused(personas):
    other = User.objects.create_user(email="x@example.org", full_name="X")
    seat_b = Seat.objects.create(mesa=personas.mesa_b, post=OfficialPost.objects.get(code="state-governor"))
    with pytest.raises(ValidationError):
        add_membership(mesa=personas.mesa_a, user=other, kind="official", seat=seat_b, started_on=dt.date(2025, 1, 1))
    assert not Membership.objects.filter(user=other).exists()


def test_seats_page_does_not_name_a_holder_the_directory_hides(client, personas):
    olga = Membership.objects.get(user=personas.olga)
    change_membership_status(membership=olga, status="suspended", on=personas.mesa_a.today())
    client.force_login(personas.beto)
    assert "Olga" not in client.get("/m/mesa-a/seats/").content.decode()
    client.force_login(personas.sara)  # the secretary sees everyone, suspended included
    assert "Olga" in client.get("/m/mesa-a/seats/").content.decode()


def test_dashboard_shows_offices_only_to_who_may_see_them(client, personas):
    guest = User.objects.create_user(email="invitado@example.org", full_name="Invitado")
    add_membership(mesa=personas.mesa_a, user=guest, kind="guest", started_on=dt.date(2025, 1, 1))
    client.force_login(guest)
    page = client.get("/m/mesa-a/").content.decode()
    assert "Ana Arriaga" not in page
    client.force_login(personas.beto)
    assert "Ana Arriaga" in client.get("/m/mesa-a/").content.decode()
