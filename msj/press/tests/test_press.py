"""Press releases and conferences through HTTP, with the personas (msj/members/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from msj.audit.models import AuditEvent
from msj.committees.models import Committee, CommitteeMember
from msj.committees.testing import actor
from msj.members.models import Membership, Office
from msj.members.testing import SINCE, Personas
from msj.mesas.models import Mesa, Network
from msj.press import services
from msj.press.models import PressConference, Protocol, Release
from msj.press.testing import press_fixtures


def _release(p: Personas, *, by: str = "ana", **fields: Any) -> Release:
    values = {
        "title": "Homicidios a la baja",
        "summary": "Bajan los homicidios por tercer mes.",
        "body": "Primer párrafo.\n\nSegundo párrafo.",
        "impact_objective": "Reconocer el trabajo conjunto.",
        **fields,
    }
    return services.create_release(mesa=p.mesa_a, by=actor(p, by), **values)


def _url(name: str, obj: Any) -> str:
    return reverse(f"press:{name}", kwargs={"mesa_slug": obj.mesa.slug, "public_id": obj.public_id})


def _versions(p: Personas) -> tuple[int, int]:
    return (
        Mesa.objects.get(pk=p.mesa_a.pk).published_version,
        Network.objects.get(pk=p.network.pk).published_version,
    )


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_release_is_drafted_approved_published_and_withdrawn(client: Any, personas: Personas) -> None:
    p = personas
    client.force_login(p.ana)
    response = client.post(
        reverse("press:create", kwargs={"mesa_slug": p.mesa_a.slug}),
        {
            "title": "Homicidios a la baja",
            "summary": "Bajan los homicidios.",
            "body": "Uno.\n\nDos.",
            "impact_objective": "",
            "protocol": Protocol.CITIZENS,
        },
    )
    assert response.status_code == 200
    assert "Every message needs its impact objective" in response.content.decode()
    assert not Release.objects.exists()
    response = client.post(
        reverse("press:create", kwargs={"mesa_slug": p.mesa_a.slug}),
        {
            "title": "Homicidios a la baja",
            "summary": "Bajan los homicidios.",
            "body": "Uno.\n\nDos.",
            "impact_objective": "Reconocer el trabajo conjunto.",
            "protocol": Protocol.CITIZENS,
        },
    )
    release = Release.objects.get()
    assert response.status_code == 302
    assert release.status == Release.Status.DRAFT
    assert release.drafted_by.user == p.ana

    # Nothing unapproved is ever published, and the public version does not move.
    start = _versions(p)
    response = client.post(_url("publish", release), follow=True)
    assert "Only an approved release can be published" in " ".join(_messages(response))
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT and _versions(p) == start

    # Whoever wrote the draft cannot approve it: the drafter, or Eva once she has changed it.
    response = client.post(_url("approve", release), follow=True)
    assert "Someone who did not write the draft must approve it" in " ".join(_messages(response))
    client.force_login(p.eva)
    services.update_draft(release=release, by=actor(p, "eva"), summary="Bajan los homicidios otra vez.")
    response = client.post(_url("approve", release), follow=True)
    assert "Someone who did not write the draft must approve it" in " ".join(_messages(response))
    # A member of the Executive Committee who wrote none of it approves: Beto, made alternate coordinator.
    beto = Membership.objects.get(mesa=p.mesa_a, user=p.beto)
    Office.objects.create(mesa=p.mesa_a, membership=beto, kind=Office.Kind.ALTERNATE, started_on=SINCE)
    client.force_login(p.beto)
    client.post(_url("approve", release))
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED and release.approved_by.user == p.beto
    assert not Release.objects.published().exists()
    assert _versions(p) == start

    # An alternate coordinator is not the spokesperson: Beto cannot publish (403); Sara, the secretary, can.
    assert client.post(_url("publish", release)).status_code == 403
    client.force_login(p.sara)
    client.post(_url("publish", release))
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    assert release.published_by.user == p.sara and release.published_at is not None
    assert release.spokesperson.user == p.ana and release.spokesperson_name == "Ana Arriaga"
    assert list(Release.objects.published()) == [release]
    assert _versions(p) == (start[0] + 1, start[1] + 1)

    # Withdrawing needs a reason, and records who, when and why.
    client.force_login(p.eva)
    response = client.post(_url("withdraw", release), {"reason": "  "}, follow=True)
    assert "Say why the release is withdrawn" in " ".join(_messages(response))
    assert Release.objects.published().exists()
    client.post(_url("withdraw", release), {"reason": "Una cifra estaba mal."})
    release.refresh_from_db()
    assert release.status == Release.Status.WITHDRAWN
    assert release.withdrawn_by.user == p.eva and release.withdrawn_at is not None
    assert release.withdrawal_reason == "Una cifra estaba mal."
    assert not Release.objects.published().exists()
    assert _versions(p) == (start[0] + 2, start[1] + 2)

    events = AuditEvent.objects.filter(object_type="press.release", object_id=str(release.public_id))
    statuses = [e.after["status"] for e in events.order_by("at", "id")]
    assert statuses == ["draft", "draft", "approved", "published", "withdrawn"]
    assert [e.actor for e in events.order_by("at", "id")] == [p.ana, p.eva, p.beto, p.sara, p.eva]
    page = client.get(_url("detail", release)).content.decode()
    assert "Drafted by Ana Arriaga" in page and "Withdrawn by Eva Escobedo" in page
    assert "Una cifra estaba mal." in page and "Published by Sara Salas" in page


def test_a_controversial_release_needs_the_consensus_before_approval(client: Any, personas: Personas) -> None:
    p = personas
    release = _release(p, controversial=True)
    client.force_login(p.eva)
    response = client.post(_url("approve", release), follow=True)
    assert "A controversial release needs the consensus recorded before approval." in _messages(response)
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT
    client.post(_url("approve", release), {"consensus_note": "Consenso en la reunión ciudadana del 3 de marzo."})
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED
    assert release.consensus_note == "Consenso en la reunión ciudadana del 3 de marzo."
    # Once approved, the text is what was approved: the draft form is closed.
    client.force_login(p.ana)
    assert client.get(_url("edit", release)).status_code == 403


def test_the_database_refuses_a_release_published_without_approval(personas: Personas) -> None:
    release = _release(personas)
    cases = [
        {"status": Release.Status.PUBLISHED, "published_at": timezone.now()},
        {"status": Release.Status.WITHDRAWN, "withdrawn_at": timezone.now()},
        {"status": Release.Status.APPROVED},
    ]
    for fields in cases:
        with pytest.raises(IntegrityError), transaction.atomic():
            Release.objects.filter(pk=release.pk).update(**fields)


def test_who_sees_which_release(client: Any, personas: Personas) -> None:
    p = personas
    citizens_draft = _release(p, title="Solo ciudadanos")
    authorities_draft = _release(p, title="Con autoridades", protocol=Protocol.AUTHORITIES)
    published = _release(p, title="Ya publicado")
    services.approve_release(release=published, by=actor(p, "eva"))
    services.publish_release(release=published, by=actor(p, "ana"))

    client.force_login(p.olga)
    assert client.get(_url("detail", citizens_draft)).status_code == 404
    assert client.get(_url("detail", authorities_draft)).status_code == 200
    page = client.get(reverse("press:list", kwargs={"mesa_slug": p.mesa_a.slug})).content.decode()
    assert "Solo ciudadanos" not in page and "Con autoridades" in page and "Ya publicado" in page
    assert client.get(reverse("press:create", kwargs={"mesa_slug": p.mesa_a.slug})).status_code == 403

    client.force_login(p.beto)
    page = client.get(reverse("press:list", kwargs={"mesa_slug": p.mesa_a.slug}) + "?status=draft").content.decode()
    assert "Solo ciudadanos" in page and "Ya publicado" not in page
    assert client.get(_url("edit", citizens_draft)).status_code == 403
    # On the Communication Committee (Cuadro 13), Beto drafts too.
    committee = Committee.objects.create(mesa=p.mesa_a, name="Comité de comunicación y difusión", created_on=SINCE)
    CommitteeMember.objects.create(
        committee=committee,
        membership=Membership.objects.get(mesa=p.mesa_a, user=p.beto),
        status=CommitteeMember.Status.APPROVED,
        joined_on=SINCE,
    )
    assert client.get(_url("edit", citizens_draft)).status_code == 200

    for outsider in (p.nora, p.carla):
        client.force_login(outsider)
        assert client.get(_url("detail", published)).status_code == 404
        assert client.get(reverse("press:list", kwargs={"mesa_slug": p.mesa_a.slug})).status_code == 404


def _conference_data(p: Personas, **extra: Any) -> dict[str, Any]:
    return {
        "date": "2030-05-10",
        "time": "10:00",
        "protocol": Protocol.AUTHORITIES,
        "place": "Sala de prensa",
        "topics": "Incidencia del mes.",
        **extra,
    }


def test_a_conference_with_the_authorities_has_one_or_two_executives(client: Any, personas: Personas) -> None:
    p = personas
    url = reverse("press:conference_create", kwargs={"mesa_slug": p.mesa_a.slug})
    members = {u.email: str(Membership.objects.get(mesa=p.mesa_a, user=u).public_id) for u in (p.ana, p.eva, p.beto)}
    client.force_login(p.eva)
    seat = str(p.olga_seat.public_id)
    refusals = [
        (_conference_data(p, seats=[seat]), "one or two Executive Committee members: you chose 0"),
        (_conference_data(p, seats=[seat], participants=list(members.values())), "you chose 3"),
        (
            _conference_data(p, seats=[seat], participants=[members["beto@example.org"]]),
            "must be Executive Committee members",
        ),
        (_conference_data(p, participants=[members["eva@example.org"]]), "Choose the authorities who take part"),
        (_conference_data(p, protocol=Protocol.CITIZENS, seats=[seat]), "has no authorities"),
    ]
    for data, message in refusals:
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not PressConference.objects.exists()

    response = client.post(
        url, _conference_data(p, seats=[seat], participants=[members["ana@example.org"], members["eva@example.org"]])
    )
    conference = PressConference.objects.get()
    assert response.status_code == 302
    assert conference.spokesperson_name == "Ana Arriaga"
    assert conference.starts_at == dt.datetime(2030, 5, 10, 10, 0, tzinfo=p.mesa_a.tzinfo)
    # Not held yet: no record can be written.
    response = client.post(_url("conference_record", conference), {"notes": "Dijimos esto."}, follow=True)
    assert "it has not taken place yet" in " ".join(_messages(response))


def test_the_record_and_the_monthly_rhythm(client: Any, personas: Personas) -> None:
    p = personas
    list_url = reverse("press:conferences", kwargs={"mesa_slug": p.mesa_a.slug})
    client.force_login(p.beto)
    page = client.get(list_url).content.decode()
    assert "No press conference has taken place yet." in page
    assert "No press conference is planned this month." in page

    # A conference planned for a later month does not make up for this one.
    services.create_conference(
        mesa=p.mesa_a,
        by=actor(p, "ana"),
        starts_at=timezone.now() + dt.timedelta(days=40),
        protocol=Protocol.CITIZENS,
        place="Oficina de la Mesa",
        topics="Metas del año.",
    )
    assert "No press conference is planned this month." in client.get(list_url).content.decode()

    held = timezone.now() - dt.timedelta(seconds=1)
    conference = services.create_conference(
        mesa=p.mesa_a,
        by=actor(p, "ana"),
        starts_at=held,
        protocol=Protocol.CITIZENS,
        place="Oficina de la Mesa",
        topics="Robo de vehículo.",
    )
    page = client.get(list_url).content.decode()
    assert "The last press conference took place on" in page
    assert "This month has its conference" in page
    # A citizens-only conference is not for officials.
    client.force_login(p.olga)
    assert client.get(_url("conference_detail", conference)).status_code == 404
    assert client.post(_url("conference_record", conference), {"notes": "x"}).status_code == 404

    client.force_login(p.beto)
    assert client.post(_url("conference_record", conference), {"notes": "x"}).status_code == 403
    client.force_login(p.sara)
    client.post(_url("conference_record", conference), {"notes": "Se presentó la baja.", "media_present": "El Diario"})
    conference.refresh_from_db()
    assert conference.notes == "Se presentó la baja."
    assert conference.recorded_by.user == p.sara and conference.media_present == "El Diario"
    assert AuditEvent.objects.filter(object_type="press.pressconference", action="update").count() == 1


def test_the_list_costs_the_same_whatever_the_number_of_releases(client: Any, personas: Personas) -> None:
    p = personas
    url = reverse("press:list", kwargs={"mesa_slug": p.mesa_a.slug})
    client.force_login(p.beto)
    counts = []
    for batch in range(2):
        for n in range(3):
            _release(p, title=f"Boletín {batch}-{n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_only_approved_releases_are_presented_to_the_press(personas: Personas) -> None:
    """A conference cannot carry a draft to the media: the Executive Committee approves first."""
    p = personas
    draft = press_fixtures(p).draft
    kwargs = {
        "mesa": p.mesa_a,
        "by": actor(p, "ana"),
        "starts_at": timezone.now() + dt.timedelta(days=3),
        "protocol": Protocol.CITIZENS,
        "place": "Sala",
        "topics": "Cifras.",
        "participants": [Membership.objects.get(mesa=p.mesa_a, user=p.ana)],
    }
    with pytest.raises(ValidationError) as refused:
        services.create_conference(**kwargs, releases=[draft])
    assert "Only releases the Executive Committee approved" in str(refused.value)
    services.update_draft(release=draft, by=actor(p, "sara"), consensus_note="Consenso en el pleno de mayo.")
    approved = services.approve_release(release=draft, by=actor(p, "eva"))
    conference = services.create_conference(**kwargs, releases=[approved])
    assert list(conference.releases.all()) == [draft]
