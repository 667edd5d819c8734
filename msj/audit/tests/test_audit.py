import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from msj.audit.models import AuditEvent, AuditTrailIsAppendOnly
from msj.members.models import Membership
from msj.members.services import change_membership_status


@pytest.fixture
def event(personas):
    beto = Membership.objects.get(user=personas.beto)
    change_membership_status(membership=beto, status="suspended", on=personas.mesa_a.today(), by=personas.sara)
    return AuditEvent.objects.get(object_id=str(beto.public_id))


def test_governance_change_records_who_when_where_and_before_after(personas, event):
    assert event.actor == personas.sara
    assert event.mesa == personas.mesa_a
    assert event.action == AuditEvent.Action.UPDATE
    assert event.before["status"] == "active"
    assert event.after["status"] == "suspended"
    assert ("status", "active", "suspended") in event.changes()


def test_audit_rows_cannot_be_changed_or_deleted_through_the_application(event):
    event.object_repr = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="rewritten")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.object_repr != "rewritten"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL")
def test_postgresql_itself_refuses_to_change_or_delete_audit_rows(event):
    for sql in (
        "UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises((InternalError, ProgrammingError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.object_repr != "x"


def test_trail_page_lists_the_mesa_events_in_its_time_zone(client, personas, event):
    client.force_login(personas.sara)
    response = client.get("/m/mesa-a/audit/")
    assert response.status_code == 200
    assert event.object_repr in response.content.decode()


def test_trail_of_another_mesa_is_not_listed(client, personas, event):
    carla = Membership.objects.get(user=personas.carla)
    change_membership_status(membership=carla, status="suspended", on=personas.mesa_b.today(), by=None)
    client.force_login(personas.sara)
    page = client.get("/m/mesa-a/audit/").content.decode()
    assert "Carla" not in page


def test_trail_query_count_does_not_grow(client, personas, django_assert_max_num_queries):
    client.force_login(personas.sara)
    for _ in range(30):
        m = Membership.objects.get(user=personas.beto)
        change_membership_status(membership=m, status="suspended", on=personas.mesa_a.today(), by=personas.ana)
        change_membership_status(membership=m, status="active", on=personas.mesa_a.today(), by=personas.ana)
    with django_assert_max_num_queries(15):
        assert client.get("/m/mesa-a/audit/").status_code == 200


def test_times_are_shown_in_the_mesa_time_zone(client, personas):
    """An event at 06:30 UTC in January is 23:30 the day before in Ciudad Juárez (UTC−7)."""
    import datetime as dt

    AuditEvent.objects.create(
        action="update",
        mesa=personas.mesa_a,
        object_type="x",
        object_repr="x",
        at=dt.datetime(2026, 1, 15, 6, 30, tzinfo=dt.UTC),
    )
    client.force_login(personas.sara)
    page = client.get("/m/mesa-a/audit/").content.decode()
    assert "14/01/2026 23:30" in page


def test_changes_hide_internal_keys(personas, event):
    names = [name for name, _old, _new in event.changes()]
    assert names == ["status"]
