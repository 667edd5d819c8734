import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.members.models import Membership, Office, OfficialPost, Seat
from msj.members.services import add_membership, appoint_office, change_membership_status, hand_over_seat


def test_cuadro_3_catalogue_is_shipped_with_every_level_and_branch(db):
    posts = OfficialPost.objects.all()
    assert posts.count() == 24
    assert set(posts.values_list("level", flat=True)) == {"municipal", "state", "federal"}
    assert set(posts.values_list("branch", flat=True)) == {"executive", "legislative", "judicial"}
    assert posts.get(code="municipal-consul").border_only
    assert posts.get(code="state-criminal-magistrate").branch == "judicial"


def test_seat_passes_to_the_new_holder_with_its_history(personas):
    today = personas.mesa_a.today()
    newcomer = User.objects.create_user(email="nuevo@example.org", full_name="Nuevo Titular")
    new = hand_over_seat(seat=personas.olga_seat, new_holder=newcomer, on=today, by=personas.sara)
    olga = Membership.objects.get(user=personas.olga)
    assert olga.ended_on == today
    assert not olga.is_current()  # she loses access that very day
    assert new.is_current() and new.seat == personas.olga_seat
    assert list(personas.olga_seat.memberships.order_by("started_on").values_list("user__email", flat=True)) == [
        "olga@example.org",
        "nuevo@example.org",
    ]
    assert AuditEvent.objects.filter(object_id=str(olga.public_id), action="update").exists()


def test_handover_in_the_future_keeps_the_former_holder_until_that_day(personas):
    tomorrow = personas.mesa_a.today() + dt.timedelta(days=1)
    newcomer = User.objects.create_user(email="nuevo@example.org", full_name="Nuevo Titular")
    new = hand_over_seat(seat=personas.olga_seat, new_holder=newcomer, on=tomorrow)
    assert Membership.objects.get(user=personas.olga).is_current()
    assert not new.is_current()


def test_handover_to_the_current_holder_is_refused_and_changes_nothing(personas):
    with pytest.raises(ValidationError):
        hand_over_seat(seat=personas.olga_seat, new_holder=personas.olga, on=personas.mesa_a.today())
    assert Membership.objects.get(user=personas.olga).ended_on is None


def test_handover_to_someone_with_a_place_is_refused_whole(personas):
    with pytest.raises(ValidationError):
        hand_over_seat(seat=personas.olga_seat, new_holder=personas.beto, on=personas.mesa_a.today())
    # The former holder's membership was not closed by the refused handover.
    assert Membership.objects.get(user=personas.olga).ended_on is None


def test_database_refuses_two_open_holders_of_one_seat(personas):
    other = User.objects.create_user(email="x@example.org", full_name="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            mesa=personas.mesa_a, user=other, kind="official", seat=personas.olga_seat, started_on=dt.date(2025, 1, 1)
        )


def test_database_refuses_an_official_without_a_seat_and_a_citizen_with_one(personas):
    other = User.objects.create_user(email="x@example.org", full_name="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(mesa=personas.mesa_b, user=other, kind="official", started_on=dt.date(2025, 1, 1))
    seat = Seat.objects.create(mesa=personas.mesa_b, post=OfficialPost.objects.get(code="state-governor"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            mesa=personas.mesa_b, user=other, kind="citizen", seat=seat, started_on=dt.date(2025, 1, 1)
        )


def test_one_person_in_several_mesas_with_different_roles(personas):
    seat = Seat.objects.create(mesa=personas.mesa_b, post=OfficialPost.objects.get(code="federal-senator"))
    add_membership(mesa=personas.mesa_b, user=personas.beto, kind="official", seat=seat, started_on=dt.date(2025, 1, 1))
    kinds = dict(Membership.objects.filter(user=personas.beto).values_list("mesa__slug", "kind"))
    assert kinds == {"mesa-a": "citizen", "mesa-b": "official"}


def test_removal_ends_membership_and_offices(personas):
    ana = Membership.objects.get(user=personas.ana)
    today = personas.mesa_a.today()
    change_membership_status(membership=ana, status="removed", on=today, by=personas.sara)
    ana.refresh_from_db()
    assert ana.ended_on == today and not ana.is_current()
    assert Office.objects.get(membership=ana, kind="coordinator").ended_on == today


def test_suspension_keeps_membership_open_but_grants_no_access(personas):
    beto = Membership.objects.get(user=personas.beto)
    change_membership_status(membership=beto, status="suspended", on=personas.mesa_a.today())
    beto.refresh_from_db()
    assert beto.ended_on is None and not beto.is_current()


def test_status_change_before_the_start_is_refused(personas):
    beto = Membership.objects.get(user=personas.beto)
    with pytest.raises(ValidationError):
        change_membership_status(membership=beto, status="removed", on=beto.started_on - dt.timedelta(days=1))
    beto.refresh_from_db()
    assert beto.status == "active"


def test_a_new_coordinator_ends_the_previous_term(personas):
    beto = Membership.objects.get(user=personas.beto)
    today = personas.mesa_a.today()
    appoint_office(membership=beto, kind="coordinator", started_on=today)
    current = Office.objects.current(today).filter(mesa=personas.mesa_a, kind="coordinator")
    assert [o.membership.user for o in current] == [personas.beto]
    assert Office.objects.filter(kind="coordinator", membership__user=personas.ana, ended_on=today).exists()


def test_never_more_than_two_alternates(personas):
    today = personas.mesa_a.today()
    appoint_office(membership=Membership.objects.get(user=personas.beto), kind="alternate", started_on=today)
    appoint_office(membership=Membership.objects.get(user=personas.eva), kind="alternate", started_on=today)
    extra = User.objects.create_user(email="x@example.org", full_name="X")
    m = add_membership(mesa=personas.mesa_a, user=extra, kind="citizen", started_on=today)
    with pytest.raises(ValidationError):
        appoint_office(membership=m, kind="alternate", started_on=today)
    assert Office.objects.filter(kind="alternate", ended_on__isnull=True).count() == 2


def test_officials_never_hold_citizen_offices(personas):
    with pytest.raises(ValidationError):
        appoint_office(
            membership=Membership.objects.get(user=personas.olga), kind="executive", started_on=personas.mesa_a.today()
        )


def test_membership_ends_at_midnight_of_the_mesa_time_zone(personas, monkeypatch):
    """Ended on day D: access until 23:59 of D-1 in Ciudad Juárez, none from 00:00 of D."""
    from django.utils import timezone

    beto = Membership.objects.get(user=personas.beto)
    beto.ended_on = dt.date(2026, 3, 10)
    beto.save(update_fields=["ended_on"])
    tz = personas.mesa_a.tzinfo
    for local, expected in (
        (dt.datetime(2026, 3, 9, 23, 59, tzinfo=tz), True),
        (dt.datetime(2026, 3, 10, 0, 0, tzinfo=tz), False),
    ):
        monkeypatch.setattr(timezone, "now", lambda local=local: local.astimezone(dt.UTC))
        assert beto.is_current() is expected, local


def test_directory_export_is_a_csv_and_is_audited(client, personas):
    client.force_login(personas.sara)
    response = client.get("/m/mesa-a/members/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Beto Barrios" in body and "Carla" not in body
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.mesa, event.object_type) == (personas.sara, personas.mesa_a, "members.directory")


def test_secretary_adds_a_seat_then_hands_it_over(client, personas):
    client.force_login(personas.sara)
    post = OfficialPost.objects.get(code="state-governor")
    assert client.post("/m/mesa-a/seats/new/", {"post": post.pk, "label": ""}).status_code == 302
    seat = Seat.objects.get(mesa=personas.mesa_a, post=post)
    assert AuditEvent.objects.filter(object_id=str(seat.public_id), action="create").exists()
    response = client.post(
        f"/m/mesa-a/seats/{seat.public_id}/hand-over/",
        {"email": "Gobernadora@Example.org", "full_name": "Gobernadora Inventada", "on": "2026-01-01"},
    )
    assert response.status_code == 302
    assert seat.memberships.get().user.email == "gobernadora@example.org"


def test_same_seat_twice_is_refused_with_a_message(client, personas):
    client.force_login(personas.sara)
    post = personas.olga_seat.post
    response = client.post("/m/mesa-a/seats/new/", {"post": post.pk, "label": ""})
    assert response.status_code == 200
    assert Seat.objects.filter(mesa=personas.mesa_a, post=post).count() == 1


def test_handover_with_bad_input_creates_no_account(client, personas):
    client.force_login(personas.sara)
    response = client.post(
        f"/m/mesa-a/seats/{personas.olga_seat.public_id}/hand-over/",
        {"email": "beto@example.org", "full_name": "Beto", "on": "2026-01-01"},  # Beto already has a place
    )
    assert response.status_code == 200
    assert Membership.objects.get(user=personas.olga).ended_on is None
    response = client.post(
        f"/m/mesa-a/seats/{personas.olga_seat.public_id}/hand-over/",
        {"email": "new@example.org", "full_name": "New", "on": "2000-01-01"},  # before Olga took the seat
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()
