"""The Encuentro Nacional through HTTP: registration, agenda, attendance, the network agreements matrix.

The network's deadlines are read in Mexico City time (settings.TIME_ZONE), on Mesa A's pages
(Ciudad Juárez) as on the network's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from typing import Any

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from msj.audit.models import AuditEvent
from msj.encuentros.models import Delegate, Encuentro, NetworkAgreement, NetworkFollowUp
from msj.members.models import Membership
from msj.members.testing import Personas

CDMX = zoneinfo.ZoneInfo("America/Mexico_City")
CLOSES = dt.datetime(2026, 5, 31, 18, 0, tzinfo=CDMX)


@pytest.fixture
def encuentro(personas: Personas) -> Encuentro:
    return Encuentro.objects.create(
        network=personas.network,
        year=2026,
        title="Tercer Encuentro Nacional",
        city="Córdoba",
        starts_on=dt.date(2026, 6, 10),
        ends_on=dt.date(2026, 6, 11),
        status=Encuentro.Status.OPEN,
        registration_closes_at=CLOSES,
        delegates_per_mesa=2,
    )


def member(p: Personas, user: Any) -> Membership:
    return Membership.objects.get(user=user)


def register(client: Any, p: Personas, encuentro: Encuentro, *users: Any, mesa: Any = None) -> Any:
    mesa = mesa or p.mesa_a
    url = reverse("encuentros:register", kwargs={"mesa_slug": mesa.slug, "public_id": encuentro.public_id})
    return client.post(url, {"members": [str(member(p, u).public_id) for u in users]}, follow=True)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def network_url(name: str, p: Personas, encuentro: Encuentro, **extra: Any) -> str:
    kwargs = {"network_slug": p.network.slug, "public_id": encuentro.public_id, **extra}
    return reverse(f"encuentros_network:{name}", kwargs=kwargs)


def test_registration_closes_at_its_minute(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    client.force_login(personas.ana)
    with time_machine.travel(CLOSES - dt.timedelta(minutes=1), tick=False):
        response = register(client, personas, encuentro, personas.beto)
    assert messages_of(response) == ["1 delegate was registered."]
    with time_machine.travel(CLOSES, tick=False):
        response = register(client, personas, encuentro, personas.eva)
        assert "Register" not in response.content.decode()  # no form once closed
    assert messages_of(response) == ["Nobody was registered. Registration for Tercer Encuentro Nacional is closed."]
    assert list(Delegate.objects.values_list("name", flat=True)) == ["Beto Barrios"]
    # Withdrawing is closed too.
    beto = Delegate.objects.get()
    url = reverse(
        "encuentros:withdraw",
        kwargs={"mesa_slug": personas.mesa_a.slug, "public_id": encuentro.public_id, "delegate_id": beto.public_id},
    )
    with time_machine.travel(CLOSES, tick=False):
        client.post(url)
    assert Delegate.objects.count() == 1
    with time_machine.travel(CLOSES - dt.timedelta(minutes=1), tick=False):
        client.post(url)
    assert Delegate.objects.count() == 0


@time_machine.travel(dt.datetime(2026, 5, 1, 12, 0, tzinfo=CDMX), tick=False)
def test_delegate_limit(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    client.force_login(personas.sara)
    p = personas
    response = register(client, p, encuentro, p.beto, p.olga, p.eva)
    assert messages_of(response) == ["Nobody was registered. Each Mesa may send 2 delegates and 2 places are left."]
    assert not Delegate.objects.exists()  # all or none
    response = register(client, p, encuentro, p.beto, p.olga)  # exactly the limit
    assert messages_of(response) == ["2 delegates were registered."]
    response = register(client, p, encuentro, p.eva)
    assert messages_of(response) == ["Nobody was registered. Each Mesa may send 2 delegates and 0 places are left."]
    assert Delegate.objects.count() == 2
    # The limit is per Mesa: Mesa B still has its places (its coordinator registers there).
    assert encuentro.delegates.filter(mesa=p.mesa_b).count() == 0


@time_machine.travel(dt.datetime(2026, 5, 1, 12, 0, tzinfo=CDMX), tick=False)
def test_only_current_citizen_and_official_members_are_delegates(
    client: Any, personas: Personas, encuentro: Encuentro
) -> None:
    p = personas
    client.force_login(p.ana)
    response = register(client, p, encuentro, p.sara)  # technical staff
    assert messages_of(response) == [
        "Nobody was registered. Sara Salas cannot be a delegate: only current citizen and official members of "
        "the Mesa can."
    ]
    # A member who left yesterday is no longer one.
    Membership.objects.filter(user=p.beto).update(ended_on=dt.date(2026, 4, 30))
    response = register(client, p, encuentro, p.beto)
    assert "Beto Barrios cannot be a delegate" in messages_of(response)[0]
    # A member of another Mesa is no choice at all.
    url = reverse("encuentros:register", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id})
    response = client.post(url, {"members": [str(member(p, p.carla).public_id)]}, follow=True)
    assert messages_of(response)[0].startswith("Nobody was registered. Delegates: Select a valid choice.")
    assert not Delegate.objects.exists()
    response = register(client, p, encuentro, p.olga)  # an official member is a delegate
    assert messages_of(response) == ["1 delegate was registered."]
    # Only the coordinator and the secretary register.
    client.force_login(p.eva)
    assert register(client, p, encuentro, p.eva).status_code == 403
    assert Delegate.objects.count() == 1


def test_attendance_counted_per_mesa(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    p = personas
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, 0, tzinfo=CDMX), tick=False):
        client.force_login(p.ana)
        register(client, p, encuentro, p.beto, p.olga)
    Delegate.objects.create(
        encuentro=encuentro, mesa=p.mesa_b, membership=member(p, p.carla), name="Carla Cisneros", registered_by=p.carla
    )
    beto, olga, carla = (Delegate.objects.get(membership__user=u) for u in (p.beto, p.olga, p.carla))
    data = {f"d-{beto.public_id}": "present", f"d-{olga.public_id}": "unjustified", f"d-{carla.public_id}": "present"}
    client.force_login(p.nora)
    with time_machine.travel(dt.datetime(2026, 6, 9, 23, 59, tzinfo=CDMX), tick=False):
        response = client.post(network_url("attendance", p, encuentro), data)
    assert "Attendance is taken from the first day of the Encuentro." in response.content.decode()
    assert not Delegate.objects.exclude(attendance="").exists()
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, 0, tzinfo=CDMX), tick=False):
        response = client.post(network_url("attendance", p, encuentro), data, follow=True)
        assert messages_of(response) == ["3 attendances were recorded."]
        response = client.get(network_url("detail", p, encuentro))
    summary = {r.mesa.name: (r.registered, r.present, r.unjustified) for r in response.context["rows"]}
    assert summary == {"Mesa A": (2, 1, 1), "Mesa B": (1, 1, 0)}
    assert response.context["present"] == 2
    # The network sees the names the Mesas registered, nothing of their members' records.
    page = response.content.decode()
    assert "Beto Barrios" in page and "beto@example.org" not in page
    assert AuditEvent.objects.filter(object_type="encuentros.delegate", action="update").count() == 3


def create_agreement(client: Any, p: Personas, encuentro: Encuentro, text: str, **data: Any) -> Any:
    return client.post(network_url("agreements", p, encuentro), {"text": text, **data}, follow=True)


@time_machine.travel(dt.datetime(2026, 6, 11, 17, 0, tzinfo=CDMX), tick=False)
def test_network_agreements_matrix(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    p = personas
    client.force_login(p.nora)
    response = create_agreement(client, p, encuentro, "Sin responsable")
    assert "Name the responsible: the network, one or more Mesas, or both." in response.content.decode()
    create_agreement(
        client,
        p,
        encuentro,
        "=Homologar la metodología de indicadores",
        network_responsible="on",
        responsible_mesas=[str(p.mesa_a.public_id)],
        due_on="2026-11-30",
    )
    create_agreement(client, p, encuentro, "Visita de inducción", responsible_mesas=[str(p.mesa_b.public_id)])
    first, second = NetworkAgreement.objects.order_by("number")
    assert (first.code, second.code) == ("EN2026-01", "EN2026-02")

    # Mesa A's coordinator sees the agreement naming her Mesa, never Mesa B's, and reports on it.
    client.force_login(p.ana)
    page = client.get(
        reverse("encuentros:detail", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id})
    )
    assert [a.code for a, _overdue in page.context["agreements"]] == ["EN2026-01"]
    url = reverse(
        "encuentros:follow_up",
        kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id, "agreement_id": first.public_id},
    )
    response = client.post(url, {"on": "2026-06-11", "note": "Enviamos nuestra metodología.", "status_after": "done"})
    entry = NetworkFollowUp.objects.get()
    assert (entry.mesa, entry.status_after) == (p.mesa_a, "")  # a Mesa reports; it never moves the status
    first.refresh_from_db()
    assert first.status == "open"
    wrong = reverse(
        "encuentros:follow_up",
        kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id, "agreement_id": second.public_id},
    )
    assert client.post(wrong, {"on": "2026-06-11", "note": "x"}).status_code == 404
    # Beto, a member without office, sees no agreement; the secretary does.
    client.force_login(p.beto)
    page = client.get(
        reverse("encuentros:detail", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id})
    )
    assert page.context["agreements"] == [] and page.context["follow_up_form"] is None
    assert client.post(url, {"on": "2026-06-11", "note": "x"}).status_code == 403

    # Network staff move the status through a follow-up: done closes the agreement that day.
    client.force_login(p.nora)
    follow = network_url("agreement_follow_up", p, encuentro, agreement_id=second.public_id)
    client.post(follow, {"on": "2026-06-11", "note": "Visita realizada.", "status_after": "done"})
    second.refresh_from_db()
    assert (second.status, second.closed_on) == ("done", dt.date(2026, 6, 11))


def test_agreement_overdue_from_the_day_after_it_is_due(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    p = personas
    agreement = NetworkAgreement.objects.create(
        encuentro=encuentro, number=1, text="Agenda nacional", due_on=dt.date(2026, 11, 30)
    )
    agreement.responsible_mesas.set([p.mesa_a])
    matrix = network_url("agreements", p, encuentro)
    mesa_page = reverse("encuentros:detail", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id})
    with time_machine.travel(dt.datetime(2026, 11, 30, 23, 59, tzinfo=CDMX), tick=False):
        client.force_login(p.nora)
        assert client.get(matrix).context["rows"][0][1] is False
    with time_machine.travel(dt.datetime(2026, 12, 1, 0, 0, tzinfo=CDMX), tick=False):
        assert client.get(matrix).context["rows"][0][1] is True
        # In Ciudad Juárez it is still 30 November, 23:00: the network's day decides, on the Mesa's page too.
        client.force_login(p.ana)
        assert client.get(mesa_page).context["agreements"][0][1] is True
    agreement.status, agreement.closed_on = "done", dt.date(2026, 11, 29)
    agreement.save()
    with time_machine.travel(dt.datetime(2026, 12, 1, 0, 0, tzinfo=CDMX), tick=False):
        assert client.get(mesa_page).context["agreements"][0][1] is False


@time_machine.travel(dt.datetime(2026, 12, 1, 12, 0, tzinfo=CDMX), tick=False)
def test_export_of_the_matrix(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    p = personas
    agreement = NetworkAgreement.objects.create(
        encuentro=encuentro, number=1, text='=HYPERLINK("x")', network_responsible=True, due_on=dt.date(2026, 11, 30)
    )
    agreement.responsible_mesas.set([p.mesa_b, p.mesa_a])
    NetworkFollowUp.objects.create(agreement=agreement, on=dt.date(2026, 7, 1), note="Avance", author=p.nora)
    client.force_login(p.nora)
    response = client.get(network_url("export", p, encuentro, fmt="xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="encuentro-2026-acuerdos-2026-12-01.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # A spreadsheet's dates carry no time zone: openpyxl reads them back as naive midnights.
    due, followed = (dt.datetime.combine(day, dt.time()) for day in (dt.date(2026, 11, 30), dt.date(2026, 7, 1)))
    assert rows[0][0] == "Agreements of Tercer Encuentro Nacional"
    assert rows[3] == (
        "Code",
        "Agreement",
        "Responsible",
        "Due date",
        "Status",
        "Overdue",
        "Closed on",
        "Last follow-up",
    )
    assert rows[4] == (
        "EN2026-01",
        '=HYPERLINK("x")',
        "The network; Mesa A; Mesa B",
        due,
        "Open",
        "Yes",
        None,
        followed,
    )
    assert sheet.cell(row=5, column=2).data_type == "s"  # text, never a formula
    response = client.get(network_url("export", p, encuentro, fmt="csv"))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[1] == [
        "EN2026-01",
        '\'=HYPERLINK("x")',
        "The network; Mesa A; Mesa B",
        "2026-11-30",
        "Open",
        "Yes",
        "",
        "2026-07-01",
    ]
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=p.nora)
    assert sorted(exports.values_list("object_type", flat=True)) == [
        "encuentros.agreements.csv",
        "encuentros.agreements.xlsx",
    ]
    assert client.get(network_url("export", p, encuentro, fmt="pdf")).status_code == 404


@time_machine.travel(dt.datetime(2026, 5, 1, 12, 0, tzinfo=CDMX), tick=False)
def test_agenda_is_for_registered_mesas(client: Any, personas: Personas, encuentro: Encuentro) -> None:
    p = personas
    client.force_login(p.nora)
    add = network_url("agenda_add", p, encuentro)
    client.post(add, {"title": "Indicadores", "minutes": "45", "presenter_mesa": str(p.mesa_a.public_id)})
    client.post(add, {"title": "Bienvenida", "minutes": "15", "presenter_name": "Nora Nava", "position": "1"})
    response = client.post(add, {"title": "", "minutes": "0"}, follow=True)
    assert messages_of(response)[-1].startswith("The item was not added. Title: This field is required.")
    assert list(encuentro.agenda.values_list("position", "title")) == [(1, "Bienvenida"), (2, "Indicadores")]
    page = reverse("encuentros:detail", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id})
    client.force_login(p.beto)
    assert client.get(page).context["agenda"] is None  # Mesa A has registered nobody yet
    client.force_login(p.ana)
    register(client, p, encuentro, p.olga)
    client.force_login(p.beto)
    assert [i.title for i in client.get(page).context["agenda"]] == ["Bienvenida", "Indicadores"]
    first = encuentro.agenda.get(position=1)
    client.force_login(p.nora)
    client.post(network_url("agenda_remove", p, encuentro, item_id=first.public_id))
    assert list(encuentro.agenda.values_list("position", "title")) == [(1, "Indicadores")]


def test_staff_announce_one_encuentro_a_year(client: Any, personas: Personas) -> None:
    p = personas
    client.force_login(p.nora)
    url = reverse("encuentros_network:create", kwargs={"network_slug": p.network.slug})
    data = {
        "year": "2027",
        "title": "Cuarto Encuentro Nacional",
        "city": "Tampico",
        "venue": "",
        "starts_on": "2027-06-09",
        "ends_on": "2027-06-10",
        "status": "open",
        "registration_closes_at": "2027-05-31T18:00",
        "delegates_per_mesa": "3",
    }
    response = client.post(url, data)
    encuentro = Encuentro.objects.get()
    assert response.status_code == 302
    assert encuentro.registration_closes_at == dt.datetime(2027, 5, 31, 18, 0, tzinfo=CDMX)  # network time
    response = client.post(url, {**data, "title": "Otra vez"})
    assert response.status_code == 200 and "already exists" in response.content.decode()
    response = client.post(url, {**data, "year": "2028", "ends_on": "2027-06-08"})
    assert "The Encuentro must start in its own year." in response.content.decode()
    assert Encuentro.objects.count() == 1


def test_demo_encuentros(personas: Personas) -> None:
    from msj.demo.encuentros import load_encuentros

    p = personas
    today = dt.date(2026, 11, 25)
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=CDMX), tick=False):
        added = load_encuentros(p.network, [p.mesa_a, p.mesa_b], today)
        assert load_encuentros(p.network, [p.mesa_a, p.mesa_b], today) == 0  # idempotent
    held, current = Encuentro.objects.order_by("year")
    assert (held.year, held.status, current.year, current.status) == (2025, "held", 2026, "open")
    assert current.registration_is_open(dt.datetime(2026, 11, 25, 12, 0, tzinfo=CDMX))
    # Mesa A sends three of its four citizens and officials; Mesa B its one member.
    assert held.delegates.filter(mesa=p.mesa_a).count() == 3 and held.delegates.filter(mesa=p.mesa_b).count() == 1
    assert held.delegates.filter(attendance="present").count() == 3
    assert [a.is_overdue(today) for a in held.agreements.order_by("number")] == [True, False, False]
    assert added == Encuentro.objects.count() + sum(
        e.agenda.count() + e.delegates.count() + e.agreements.count() for e in Encuentro.objects.all()
    )


@time_machine.travel(dt.datetime(2026, 6, 11, 17, 0, tzinfo=CDMX), tick=False)
def test_pages_cost_the_same_whatever_the_number_of_agreements(
    client: Any, personas: Personas, encuentro: Encuentro, django_assert_num_queries: Any
) -> None:
    p = personas
    pages = [
        (p.nora, network_url("agreements", p, encuentro)),
        (p.nora, network_url("detail", p, encuentro)),
        (p.ana, reverse("encuentros:detail", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": encuentro.public_id})),
    ]

    def add(number: int) -> None:
        agreement = NetworkAgreement.objects.create(encuentro=encuentro, number=number, text=f"Acuerdo {number}")
        agreement.responsible_mesas.set([p.mesa_a, p.mesa_b])
        NetworkFollowUp.objects.create(agreement=agreement, on=dt.date(2026, 6, 11), note="Nota", author=p.nora)

    add(1)
    counts = []
    for user, url in pages:
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    for number in (2, 3, 4):
        add(number)
    for (user, url), count in zip(pages, counts, strict=True):
        client.force_login(user)
        with django_assert_num_queries(count):
            client.get(url)
