"""The security agenda and its versioned diagnosis, through HTTP with the personas (DOMAIN.md §4.8, §4.9)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from msj.accounts.models import User
from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.audit.models import AuditEvent
from msj.committees.testing import actor, committee_fixtures
from msj.core.testing import es
from msj.meetings.models import Meeting
from msj.members.testing import Personas, make_personas
from msj.topics import services
from msj.topics.models import Diagnosis, Topic
from msj.topics.policies import visible_agreements
from msj.topics.testing import topic_fixture

AGENDA = "/m/mesa-a/agenda/"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(topic: Topic, action: str = "") -> str:
    return f"{AGENDA}{topic.public_id}/{action}"


@pytest.fixture
def topic(personas: Personas) -> Topic:
    return topic_fixture(personas)


def test_every_member_reads_the_agenda_officials_included(personas: Personas, topic: Topic) -> None:
    for user in (personas.ana, personas.beto, personas.olga, personas.sara):
        response = client_for(user).get(AGENDA)
        assert response.status_code == 200
        assert "Secuestro" in response.content.decode()
        assert client_for(user).get(url(topic)).status_code == 200
    for user in (personas.carla, personas.nora):
        assert client_for(user).get(AGENDA).status_code == 404
        assert client_for(user).get(url(topic)).status_code == 404


def test_agenda_shows_status_approval_committees_and_version(personas: Personas, topic: Topic) -> None:
    content = client_for(personas.olga).get(AGENDA).content.decode()
    assert es("On the agenda") in content
    assert "Prevención" in content
    assert es("Version %(version)s") % {"version": 1} in content


def test_officials_do_not_see_the_executive_committee_linked_to_a_topic(personas: Personas, topic: Topic) -> None:
    fx = committee_fixtures(personas)
    topic.committees.add(fx.executive)
    assert fx.executive.name in client_for(personas.beto).get(url(topic)).content.decode()
    assert fx.executive.name not in client_for(personas.olga).get(url(topic)).content.decode()
    assert fx.executive.name not in client_for(personas.olga).get(AGENDA).content.decode()


def test_agenda_query_count_does_not_grow(personas: Personas, topic: Topic) -> None:
    client = client_for(personas.beto)
    client.get(AGENDA)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(AGENDA).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    prevention = committee_fixtures(personas).prevention
    for i in range(6):
        extra = services.create_topic(
            mesa=personas.mesa_a, title=f"Tema {i}", committees=[prevention], by=actor(personas, "sara")
        )
        services.write_diagnosis(topic=extra, by=actor(personas, "sara"), incidence="x")
    assert count() == before
    assert before <= 10


def test_the_coordinator_puts_a_topic_on_the_agenda(personas: Personas) -> None:
    prevention = committee_fixtures(personas).prevention
    client = client_for(personas.ana)
    data = {"title": "Extorsión", "description": "Cobro de piso.", "status": "active", "committees": []}
    response = client.post(f"{AGENDA}new/", {**data, "approved_on": ""})
    assert response.status_code == 200
    assert es("A topic on the agenda needs the date the plenary approved it.") in response.content.decode()
    assert not Topic.objects.filter(title="Extorsión").exists()

    response = client.post(
        f"{AGENDA}new/", {**data, "approved_on": "2026-02-10", "committees": [str(prevention.public_id)]}
    )
    topic = Topic.objects.get(title="Extorsión")
    assert response.status_code == 302 and response["Location"] == url(topic)
    assert topic.status == "active" and topic.approved_on == dt.date(2026, 2, 10)
    assert list(topic.committees.all()) == [prevention]
    event = AuditEvent.objects.get(object_type="topics.topic", object_id=str(topic.public_id))
    assert event.action == "create" and event.actor == personas.ana
    assert event.after["committees"] == [str(prevention.public_id)]


def test_approved_at_a_plenary_takes_its_date(personas: Personas, topic: Topic) -> None:
    starts = dt.datetime(2026, 1, 20, 23, 30, tzinfo=personas.mesa_a.tzinfo)  # 06:30 UTC the next day
    plenary = Meeting.objects.create(
        mesa=personas.mesa_a,
        kind="plenary",
        title="Sesión plenaria de enero",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        status="held",
    )
    citizens = Meeting.objects.create(
        mesa=personas.mesa_a,
        kind="citizens",
        title="Reunión ciudadana",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    client = client_for(personas.sara)
    form = client.get(url(topic, "edit/")).content.decode()
    assert "Sesión plenaria de enero" in form and "Reunión ciudadana" not in form
    data = {"title": "Secuestro", "description": "", "status": "active", "approved_on": ""}
    response = client.post(url(topic, "edit/"), {**data, "approved_at": str(citizens.public_id)})
    assert response.status_code == 200  # not a plenary: not offered, refused
    response = client.post(url(topic, "edit/"), {**data, "approved_at": str(plenary.public_id)})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.approved_at == plenary
    assert topic.approved_on == dt.date(2026, 1, 20)  # the plenary's date where the Mesa sits
    assert list(topic.committees.all()) == []
    assert AuditEvent.objects.filter(object_id=str(topic.public_id), action="update").count() == 1
    assert "Sesión plenaria de enero" in client.get(AGENDA).content.decode()


@pytest.mark.parametrize("who", ["beto", "olga"])
def test_only_the_secretary_coordinator_and_executive_edit_the_agenda(
    personas: Personas, topic: Topic, who: str
) -> None:
    client = client_for(getattr(personas, who))
    assert client.get(f"{AGENDA}new/").status_code == 403
    assert client.post(url(topic, "edit/"), {"title": "Otro", "status": "proposed"}).status_code == 403
    topic.refresh_from_db()
    assert topic.title == "Secuestro"


def test_diagnosis_versions_are_new_rows_numbered_per_topic(personas: Personas, topic: Topic) -> None:
    # Beto serves on the Prevention committee, linked to the topic.
    beto = client_for(personas.beto)
    form = beto.get(url(topic, "diagnosis/new/")).content.decode()
    assert "13 secuestros denunciados en 2013." in form  # starts from the latest version
    response = beto.post(
        url(topic, "diagnosis/new/"),
        {"incidence": "Ninguno desde agosto de 2013.", "capacity": "Unidad antisecuestro.", "strengths": "Denuncia."},
    )
    assert response.status_code == 302
    response = client_for(personas.eva).post(
        url(topic, "diagnosis/new/"),
        {"incidence": "Ninguno desde agosto de 2013.", "capacity": "Unidad antisecuestro con 40 agentes."},
    )
    assert response.status_code == 302
    versions = list(topic.diagnoses.order_by("version").values_list("version", "author__email"))
    assert versions == [(1, "sara@example.org"), (2, "beto@example.org"), (3, "eva@example.org")]
    first = topic.diagnoses.get(version=1)
    assert first.incidence == "13 secuestros denunciados en 2013." and first.capacity == ""  # never edited
    assert AuditEvent.objects.filter(object_type="topics.diagnosis", action="create").count() == 3
    # Another topic numbers its own versions from 1.
    other = services.create_topic(mesa=personas.mesa_a, title="Homicidio", by=actor(personas, "sara"))
    assert services.write_diagnosis(topic=other, by=actor(personas, "sara"), threats="x").version == 1

    content = beto.get(url(topic)).content.decode()
    assert "Unidad antisecuestro con 40 agentes." in content
    assert es("Compare with the previous version") in content


def test_an_empty_or_unchanged_diagnosis_writes_no_version(personas: Personas, topic: Topic) -> None:
    client = client_for(personas.sara)
    response = client.post(url(topic, "diagnosis/new/"), {})
    assert es("Write at least one part of the diagnosis.") in response.content.decode()
    response = client.post(url(topic, "diagnosis/new/"), {"incidence": "13 secuestros denunciados en 2013."})
    assert response.status_code == 200
    assert topic.diagnoses.count() == 1


def test_who_writes_the_diagnosis(personas: Personas, topic: Topic) -> None:
    assert client_for(personas.olga).get(url(topic, "diagnosis/new/")).status_code == 403
    assert client_for(personas.olga).post(url(topic, "diagnosis/new/"), {"incidence": "y"}).status_code == 403
    # Once the committee is no longer linked, Beto writes no more.
    topic.committees.clear()
    assert client_for(personas.beto).get(url(topic, "diagnosis/new/")).status_code == 403
    assert client_for(personas.ana).get(url(topic, "diagnosis/new/")).status_code == 200
    assert topic.diagnoses.count() == 1


def test_compare_two_versions_side_by_side(personas: Personas, topic: Topic) -> None:
    services.write_diagnosis(
        topic=topic, by=actor(personas, "sara"), incidence="13 secuestros denunciados en 2013 y ninguno después."
    )
    content = client_for(personas.olga).get(url(topic, "diagnosis/compare/?a=1&b=2")).content.decode()
    assert "13 secuestros denunciados en 2013." in content  # version 1, on the left
    assert "<del>2013. </del>" in content or "<del>2013.</del>" in content
    assert "<ins>" in content and "ninguno después." in content
    # Missing or unknown versions are no error.
    assert client_for(personas.olga).get(url(topic, "diagnosis/compare/?a=7&b=x")).status_code == 200


def test_agreements_on_a_topic_follow_their_audience(personas: Personas, topic: Topic) -> None:
    mesa = personas.mesa_a
    public = Agreement.objects.create(mesa=mesa, year=2026, number=1, text="Acuerdo del pleno.", audience="mesa")
    private = Agreement.objects.create(
        mesa=mesa, year=2026, number=2, text="Acuerdo de la reunión ciudadana.", audience="citizens"
    )
    executive = Agreement.objects.create(
        mesa=mesa, year=2026, number=3, text="Acuerdo del Comité Ejecutivo.", audience="executive"
    )
    for agreement in (public, private, executive):
        agreement.topics.add(topic)
    olga = client_for(personas.olga).get(url(topic)).content.decode()
    assert "Acuerdo del pleno." in olga and "Acuerdo de la reunión ciudadana." not in olga
    beto = client_for(personas.beto).get(url(topic)).content.decode()
    assert "Acuerdo de la reunión ciudadana." in beto and "Acuerdo del Comité Ejecutivo." not in beto
    assert "Acuerdo del Comité Ejecutivo." in client_for(personas.eva).get(url(topic)).content.decode()


def test_agreements_on_a_topic_match_the_agreements_policy(personas: Personas, topic: Topic) -> None:
    """The topic page mirrors msj.agreements.policies: both must show the same rows to everyone."""
    mesa = personas.mesa_a
    prevention = committee_fixtures(personas).prevention
    number = 0
    for audience in ("mesa", "citizens", "executive", "committee"):
        for committee in (None, prevention):
            number += 1
            agreement = Agreement.objects.create(
                mesa=mesa, year=2026, number=number, text=f"A{number}", audience=audience, committee=committee
            )
            agreement.topics.add(topic)
            if number % 3 == 0:
                agreement.responsible_seats.add(personas.olga_seat)
    for name in ("ana", "eva", "beto", "olga", "sara"):
        who = actor(personas, name)
        mine = set(visible_agreements(who, topic).values_list("pk", flat=True))
        theirs = set(agreement_policy.visible(who, topic.agreements.all()).values_list("pk", flat=True))
        assert mine == theirs, name


def test_service_refuses_committees_of_another_mesa(personas: Personas) -> None:
    from msj.committees.services import ensure_core_committees

    other = ensure_core_committees(mesa=personas.mesa_b)[0]
    with pytest.raises(ValidationError) as exc:
        services.create_topic(mesa=personas.mesa_a, title="X", committees=[other], by=actor(personas, "sara"))
    assert "committees" in exc.value.message_dict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_versions_get_distinct_numbers() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write anyway")
    personas = make_personas()
    topic = topic_fixture(personas)
    writers = 6
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            barrier.wait()
            services.write_diagnosis(topic=topic, by=personas.sara, incidence=f"Versión concurrente {i}")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = sorted(Diagnosis.objects.filter(topic=topic).values_list("version", flat=True))
    assert versions == list(range(1, writers + 2))
