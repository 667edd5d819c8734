"""The matrix page: filters, search, its views per committee, seat and person, overdue flags, query counts."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from msj.agreements.models import Agreement, FollowUp
from msj.agreements.services import add_follow_up, create_agreement
from msj.agreements.testing import Agreements
from msj.members.access import actor_for
from msj.members.models import Membership, OfficialPost, Seat
from msj.members.testing import Personas
from msj.topics.models import Topic

MATRIX = "/m/mesa-a/agreements/"
JUAREZ = zoneinfo.ZoneInfo("America/Ciudad_Juarez")


def codes(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [agreement.code for agreement, _overdue in response.context["rows"]]


def test_the_matrix_lists_what_the_reader_may_see_newest_first(personas, data: Agreements, signed_in):
    response = signed_in(personas.beto).get(MATRIX)
    expected = [a.code for a in sorted([data.mesa, data.citizens, data.committee_agreement], key=lambda a: -a.number)]
    assert codes(response) == expected
    page = response.content.decode()
    assert "Comité de Seguimiento (pruebas)" in page
    assert "Eva Escobedo" in page  # the committee's coordinator
    assert "Olga Ocampo" in page  # the holder of the responsible seat


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "overdue"}, ["citizens"]),
        ({"status": "open"}, ["mesa", "citizens", "executive", "committee_agreement"]),
        ({"status": "done"}, []),
        ({"priority": "high"}, ["executive"]),
        ({"q": "cámaras"}, ["mesa"]),
        ({"q": "FISCALÍA"[:4]}, ["citizens"]),  # case-insensitive ("FISC")
        ({"q": "Protección Civil"}, ["committee_agreement"]),  # the institutions are searched too
        ({"institution": "protección"}, ["committee_agreement"]),
    ],
)
def test_filters_and_search(personas, data: Agreements, signed_in, query, expected):
    Agreement.objects.filter(pk=data.executive.pk).update(priority=Agreement.Priority.HIGH)
    Agreement.objects.filter(pk=data.committee_agreement.pk).update(institutions="Protección Civil municipal")
    got = codes(signed_in(personas.sara).get(MATRIX, query))
    assert sorted(got) == sorted(getattr(data, name).code for name in expected)


def test_search_by_code_with_or_without_the_leading_zeros(personas, data: Agreements, signed_in):
    sara = signed_in(personas.sara)
    agreement = data.executive
    assert codes(sara.get(MATRIX, {"q": agreement.code})) == [agreement.code]
    assert codes(sara.get(MATRIX, {"q": f"{agreement.year}-{agreement.number}"})) == [agreement.code]


def test_filters_by_committee_seat_person_year_and_topic(personas, data: Agreements, signed_in):
    mesa = personas.mesa_a
    topic = Topic.objects.create(mesa=mesa, title="Robo de vehículos")
    data.committee_agreement.topics.add(topic)
    beto = Membership.objects.get(mesa=mesa, user=personas.beto)
    data.executive.responsible_people.add(beto)
    sara = signed_in(personas.sara)
    assert sorted(codes(sara.get(MATRIX, {"committee": data.committee.public_id}))) == sorted(
        [data.mesa.code, data.committee_agreement.code]
    )
    assert sorted(codes(sara.get(MATRIX, {"seat": personas.olga_seat.public_id}))) == sorted(
        [data.mesa.code, data.citizens.code]
    )
    assert codes(sara.get(MATRIX, {"person": beto.public_id})) == [data.executive.code]
    assert codes(sara.get(MATRIX, {"topic": topic.public_id})) == [data.committee_agreement.code]
    assert len(codes(sara.get(MATRIX, {"year": data.mesa.year}))) == 4
    # A year without agreements is not offered: asked for anyway, the page says so.
    assert "year" in sara.get(MATRIX, {"year": data.mesa.year - 1}).context["form"].errors


def test_a_person_view_gathers_named_responsibility_the_seat_held_and_committee_coordination(
    personas, data: Agreements, signed_in
):
    mesa = personas.mesa_a
    olga = Membership.objects.get(mesa=mesa, user=personas.olga)
    eva = Membership.objects.get(mesa=mesa, user=personas.eva)
    sara = signed_in(personas.sara)
    response = sara.get(f"{MATRIX}person/{olga.public_id}/")
    assert sorted(codes(response)) == sorted([data.mesa.code, data.citizens.code])  # through her seat
    assert "Olga Ocampo" in response.context["heading"]
    # Eva coordinates the committee responsible for two agreements.
    assert sorted(codes(sara.get(f"{MATRIX}person/{eva.public_id}/"))) == sorted(
        [data.mesa.code, data.committee_agreement.code]
    )


def test_the_views_per_committee_and_seat_apply_the_readers_policy(personas, data: Agreements, signed_in):
    olga = signed_in(personas.olga)
    # Her seat's view shows her the plenary agreement only: the citizens-only one stays hidden.
    assert codes(olga.get(f"{MATRIX}seat/{personas.olga_seat.public_id}/")) == [data.mesa.code]
    assert codes(olga.get(f"{MATRIX}committee/{data.committee.public_id}/")) == [data.mesa.code]
    other_mesa_seat = Seat.objects.create(mesa=personas.mesa_b, post=OfficialPost.objects.first())
    assert olga.get(f"{MATRIX}seat/{other_mesa_seat.public_id}/").status_code == 404


def test_a_filter_value_that_does_not_exist_is_reported_not_a_crash(personas, data: Agreements, signed_in):
    response = signed_in(personas.sara).get(MATRIX, {"committee": "not-a-uuid", "year": "1999"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"committee", "year"}
    assert len(codes(response)) == 4  # the other filters still apply (none here)


def test_pagination_is_fifty_a_page_in_a_stable_order(personas, data: Agreements, signed_in):
    sara_actor = actor_for(personas.sara, personas.mesa_a)
    for n in range(60):
        create_agreement(mesa=personas.mesa_a, text=f"Acuerdo número {n}", by=sara_actor)
    sara = signed_in(personas.sara)
    first, second = codes(sara.get(MATRIX)), codes(sara.get(MATRIX, {"page": 2}))
    assert len(first) == 50 and len(second) == 14
    assert not set(first) & set(second)
    numbers = [int(code.split("-")[1]) for code in first + second]
    assert numbers == sorted(numbers, reverse=True)


def test_overdue_starts_at_midnight_after_the_due_date_where_the_mesa_sits(personas, signed_in):
    due = dt.date(2026, 3, 10)
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=JUAREZ), tick=False):
        agreement = create_agreement(mesa=personas.mesa_a, text="Entregar el informe.", by=None, due_on=due)
    sara = signed_in(personas.sara)
    detail = f"{MATRIX}{agreement.public_id}/"
    # 23:59 of the due date in Ciudad Juárez is already the next day in UTC, and it is not overdue yet.
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 59, tzinfo=JUAREZ), tick=False):
        assert not agreement.is_overdue(personas.mesa_a.today())
        assert codes(sara.get(MATRIX, {"status": "overdue"})) == []
        assert sara.get(MATRIX).context["rows"] == [(agreement, False)]
        assert not sara.get(detail).context["overdue"]
    with time_machine.travel(dt.datetime(2026, 3, 11, 0, 0, tzinfo=JUAREZ), tick=False):
        assert agreement.is_overdue(personas.mesa_a.today())
        assert Agreement.objects.overdue(personas.mesa_a.today()).get() == agreement
        assert codes(sara.get(MATRIX, {"status": "overdue"})) == [agreement.code]
        response = sara.get(detail)
        assert response.context["overdue"] and "flag overdue" in response.content.decode()
        # Closing it ends the flag: overdue is derived, never stored.
        add_follow_up(
            agreement=agreement,
            by=actor_for(personas.sara, personas.mesa_a),
            on=dt.date(2026, 3, 11),
            note="Entregado.",
            status_after=Agreement.Status.DONE,
        )
        assert codes(sara.get(MATRIX, {"status": "overdue"})) == []


def _grow(personas: Personas, data: Agreements, how_many: int) -> None:
    mesa = personas.mesa_a
    sara = actor_for(personas.sara, mesa)
    people = list(Membership.objects.filter(mesa=mesa))
    topic, _created = Topic.objects.get_or_create(mesa=mesa, title="Homicidio")
    for n in range(how_many):
        agreement = create_agreement(
            mesa=mesa,
            text=f"Acuerdo de carga {n}",
            by=sara,
            committee=data.committee,
            responsible_seats=[personas.olga_seat],
            responsible_people=people[:3],
            topics=[topic],
        )
        for day in range(2):
            FollowUp.objects.create(
                agreement=agreement, on=mesa.today(), note=f"Avance {day}", progress=10 * day, author=personas.sara
            )


@pytest.mark.parametrize("who", ["sara", "olga", "beto"])
def test_the_matrix_runs_the_same_number_of_queries_whatever_the_number_of_agreements(
    personas, data: Agreements, signed_in, who
):
    client = signed_in(getattr(personas, who))
    _grow(personas, data, 2)
    client.get(MATRIX)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(MATRIX, {"committee": data.committee.public_id}).status_code == 200
    _grow(personas, data, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(MATRIX, {"committee": data.committee.public_id})
    assert len(response.context["rows"]) >= 14
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 25
