"""Creating and editing agreements: numbering, the form, refusals that change nothing, the audit trail."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from msj.agreements.models import Agreement
from msj.agreements.services import create_agreement, update_agreement
from msj.agreements.testing import Agreements
from msj.audit.models import AuditEvent
from msj.committees.models import Committee
from msj.members.access import actor_for
from msj.members.models import Membership, OfficialPost, Seat
from msj.members.testing import SINCE, Personas
from msj.topics.models import Topic

from .helpers import make_meeting

MATRIX = "/m/mesa-a/agreements/"


def test_numbers_run_per_mesa_and_year(personas: Personas):
    a1 = create_agreement(mesa=personas.mesa_a, text="Primero", by=None)
    a2 = create_agreement(mesa=personas.mesa_a, text="Segundo", by=None)
    b1 = create_agreement(mesa=personas.mesa_b, text="Primero de B", by=None)
    year = personas.mesa_a.today().year
    assert [a1.code, a2.code, b1.code] == [f"{year}-001", f"{year}-002", f"{year}-001"]
    # An agreement taken at last year's meeting takes last year's number.
    old = make_meeting(personas.mesa_a, "plenary", dt.date(year - 1, 12, 31))
    late = create_agreement(mesa=personas.mesa_a, text="Del año pasado", by=None, origin_meeting=old)
    assert late.code == f"{year - 1}-001"
    assert create_agreement(mesa=personas.mesa_a, text="Tercero", by=None).code == f"{year}-003"


def test_the_year_is_the_meetings_in_the_mesas_time_zone(personas: Personas):
    # 31 December 2025 at 18:00 in Ciudad Juárez is already 2026 in UTC.
    meeting = make_meeting(personas.mesa_a, "plenary", dt.date(2025, 12, 31))
    assert meeting.starts_at.astimezone(dt.UTC).year == 2026
    assert create_agreement(mesa=personas.mesa_a, text="Fin de año", by=None, origin_meeting=meeting).year == 2025


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_distinct_numbers(personas: Personas):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write: the race exists on PostgreSQL")
    threads, per_thread = 6, 4
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                create_agreement(mesa=personas.mesa_a, text=f"Hilo {n}, acuerdo {i}", by=None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    numbers = sorted(Agreement.objects.filter(mesa=personas.mesa_a).values_list("number", flat=True))
    assert numbers == list(range(1, threads * per_thread + 1))


def test_the_audience_follows_the_origin_meetings_body(personas: Personas):
    day = personas.mesa_a.today()
    expected = {"plenary": "mesa", "citizens": "citizens", "executive": "executive", "workshop": "citizens"}
    for kind, audience in expected.items():
        meeting = make_meeting(personas.mesa_a, kind, day)
        assert create_agreement(mesa=personas.mesa_a, text=kind, by=None, origin_meeting=meeting).audience == audience


def form_data(**overrides):
    data = {"text": "Coordinar operativos en la zona escolar.", "priority": "normal", "due_on": "", "institutions": ""}
    data.update(overrides)
    return data


def test_the_secretary_records_an_agreement_through_the_form(personas: Personas, data: Agreements, signed_in):
    meeting = make_meeting(personas.mesa_a, "plenary", personas.mesa_a.today() - dt.timedelta(days=1))
    topic = Topic.objects.create(mesa=personas.mesa_a, title="Secuestro")
    beto = Membership.objects.get(mesa=personas.mesa_a, user=personas.beto)
    due = personas.mesa_a.today() + dt.timedelta(days=15)
    response = signed_in(personas.sara).post(
        f"{MATRIX}new/",
        form_data(
            origin_meeting=meeting.public_id,
            committee=data.committee.public_id,
            responsible_seats=[personas.olga_seat.public_id],
            responsible_people=[beto.public_id],
            topics=[topic.public_id],
            institutions="Dirección de Seguridad Pública",
            due_on=due.isoformat(),
            priority="high",
        ),
    )
    agreement = Agreement.objects.get(text="Coordinar operativos en la zona escolar.")
    assert response.status_code == 302 and response["Location"].endswith(f"{agreement.public_id}/")
    assert agreement.number == 5  # after the four of the fixtures
    assert (agreement.origin_meeting, agreement.committee, agreement.due_on) == (meeting, data.committee, due)
    assert list(agreement.responsible_seats.all()) == [personas.olga_seat]
    assert list(agreement.responsible_people.all()) == [beto] and list(agreement.topics.all()) == [topic]
    event = AuditEvent.objects.get(object_id=str(agreement.public_id), action=AuditEvent.Action.CREATE)
    assert event.actor == personas.sara and event.after["responsible_seats"] == [str(personas.olga_seat.public_id)]


@pytest.mark.parametrize(
    ("field", "make_value", "message"),
    [
        ("text", lambda p, m: "   ", "Write what was agreed."),
        ("due_on", lambda p, m: "2020-01-01", "The due date cannot be before the day the agreement was taken."),
        (
            "responsible_seats",
            lambda p, m: [Seat.objects.create(mesa=p.mesa_b, post=OfficialPost.objects.first()).public_id],
            "Select a valid choice.",
        ),
        (
            "committee",
            lambda p, m: Committee.objects.create(mesa=p.mesa_b, name="Comité B", created_on=SINCE).public_id,
            "Select a valid choice.",
        ),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_changes(
    personas: Personas, data: Agreements, signed_in, settings, field, make_value, message
):
    settings.LANGUAGE_CODE = "en"
    meeting = make_meeting(personas.mesa_a, "plenary", personas.mesa_a.today() - dt.timedelta(days=2))
    value = make_value(personas, meeting)
    before = (Agreement.objects.count(), AuditEvent.objects.count())
    response = signed_in(personas.sara).post(
        f"{MATRIX}new/", form_data(origin_meeting=meeting.public_id, **{field: value}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and any(message in e for e in errors[field]), errors
    assert (Agreement.objects.count(), AuditEvent.objects.count()) == before


def test_the_due_date_cannot_precede_the_origin_meeting(personas: Personas, settings):
    meeting = make_meeting(personas.mesa_a, "plenary", dt.date(2026, 2, 10))
    with pytest.raises(ValidationError) as refused:
        create_agreement(mesa=personas.mesa_a, text="x", by=None, origin_meeting=meeting, due_on=dt.date(2026, 2, 9))
    assert "due_on" in refused.value.message_dict
    assert create_agreement(
        mesa=personas.mesa_a, text="x", by=None, origin_meeting=meeting, due_on=dt.date(2026, 2, 10)
    ).due_on == dt.date(2026, 2, 10)


def test_the_service_refuses_what_belongs_to_another_mesa(personas: Personas):
    seat_b = Seat.objects.create(mesa=personas.mesa_b, post=OfficialPost.objects.first())
    meeting_b = make_meeting(personas.mesa_b, "plenary", personas.mesa_b.today())
    carla = Membership.objects.get(user=personas.carla)
    for kwargs, field in (
        ({"responsible_seats": [seat_b]}, "responsible_seats"),
        ({"responsible_people": [carla]}, "responsible_people"),
        ({"origin_meeting": meeting_b}, "origin_meeting"),
    ):
        with pytest.raises(ValidationError) as refused:
            create_agreement(mesa=personas.mesa_a, text="x", by=None, **kwargs)
        assert field in refused.value.message_dict
    assert not Agreement.objects.exists()


def test_editing_records_before_and_after(personas: Personas, data: Agreements, signed_in):
    sara = signed_in(personas.sara)
    page = sara.get(f"{MATRIX}{data.mesa.public_id}/edit/")
    assert page.status_code == 200 and "origin_meeting" not in page.context["form"].fields
    response = sara.post(
        f"{MATRIX}{data.mesa.public_id}/edit/",
        form_data(text="Instalar diez cámaras.", priority="low", committee=data.committee.public_id),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(pk=data.mesa.pk)
    assert (agreement.text, agreement.priority, agreement.due_on, agreement.number) == (
        "Instalar diez cámaras.",
        "low",
        None,
        data.mesa.number,
    )
    assert not agreement.responsible_seats.exists()
    event = AuditEvent.objects.get(object_id=str(agreement.public_id), action=AuditEvent.Action.UPDATE)
    assert event.before["text"] == data.mesa.text and event.after["text"] == "Instalar diez cámaras."
    assert event.before["responsible_seats"] == [str(personas.olga_seat.public_id)]
    assert event.after["responsible_seats"] == []


def test_an_edit_that_is_refused_changes_nothing(personas: Personas, data: Agreements):
    sara = actor_for(personas.sara, personas.mesa_a)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        update_agreement(agreement=data.mesa, by=sara, text="Otro texto", due_on=dt.date(2000, 1, 1))
    agreement = Agreement.objects.get(pk=data.mesa.pk)
    assert agreement.text == data.mesa.text and agreement.due_on == data.mesa.due_on
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["eva", "beto"])
def test_members_who_do_not_keep_the_matrix_cannot_create_or_edit(personas, data, signed_in, who):
    client = signed_in(getattr(personas, who))
    assert client.post(f"{MATRIX}new/", form_data()).status_code == 403
    assert client.post(f"{MATRIX}{data.mesa.public_id}/edit/", form_data()).status_code == 403
    assert Agreement.objects.count() == 4


def test_an_agreement_keeps_its_committee_once_dissolved_but_none_gets_a_dissolved_one(personas, data, signed_in):
    Committee.objects.filter(pk=data.committee.pk).update(dissolved_on=personas.mesa_a.today())
    sara = signed_in(personas.sara)
    kept = sara.post(
        f"{MATRIX}{data.mesa.public_id}/edit/", form_data(text="Texto corregido", committee=data.committee.public_id)
    )
    assert kept.status_code == 302
    assert Agreement.objects.get(pk=data.mesa.pk).committee == data.committee
    refused = sara.post(f"{MATRIX}{data.executive.public_id}/edit/", form_data(committee=data.committee.public_id))
    assert refused.status_code == 200 and "committee" in refused.context["form"].errors
    assert Agreement.objects.get(pk=data.executive.pk).committee is None
