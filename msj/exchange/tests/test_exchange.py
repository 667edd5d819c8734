"""Learning across Mesas through HTTP: what of a Mesa reaches another, and only that."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from msj.audit.models import AuditEvent
from msj.committees.models import Committee, CommitteeMember
from msj.exchange.models import DirectoryCard, Practice, PracticeAttachment, Twinning, Visit, VisitRecord
from msj.exchange.selectors import public_cards
from msj.exchange.testing import ExchangeFixtures, pdf
from msj.members.models import Membership, Office
from msj.members.testing import SINCE, Personas
from msj.mesas.models import Mesa


def url(name: str, mesa: Mesa, **kwargs: Any) -> str:
    return reverse(f"exchange:{name}", kwargs={"mesa_slug": mesa.slug, **kwargs})


def serve(user: Any, mesa: Mesa, committee: Committee) -> None:
    """Put a person on a committee (setup: joining is msj/committees' own flow, tested there)."""
    membership = Membership.objects.get(mesa=mesa, user=user)
    CommitteeMember.objects.create(
        committee=committee, membership=membership, status=CommitteeMember.Status.APPROVED, joined_on=SINCE
    )


def coordinate_b(p: Personas) -> None:
    """Carla becomes Mesa B's coordinator, so that B can act as a Mesa (offices need a second factor)."""
    TOTP.activate(p.carla, generate_totp_secret())
    membership = Membership.objects.get(mesa=p.mesa_b, user=p.carla)
    Office.objects.create(mesa=p.mesa_b, membership=membership, kind=Office.Kind.COORDINATOR, started_on=SINCE)


def test_directory_card_shows_what_the_mesa_allows_and_nothing_else(client: Any, personas: Personas) -> None:
    p = personas
    client.force_login(p.ana)
    # Showing the phone needs a phone: refused whole, beside the field.
    response = client.post(url("card_edit", p.mesa_a), {"city": "Ciudad Juárez", "contact": "phone"})
    assert response.status_code == 200
    assert "Write the phone to show, or choose to show less." in response.text
    assert not DirectoryCard.objects.exists()

    version = Mesa.objects.get(pk=p.mesa_a.pk).published_version
    response = client.post(
        url("card_edit", p.mesa_a),
        {"city": "Ciudad Juárez", "contact": "email", "contact_phone": "656 000 0000", "presentation": "Desde 2010."},
    )
    assert response.status_code == 302
    card = DirectoryCard.objects.get(mesa=p.mesa_a)
    assert card.contact_phone == ""  # a phone the Mesa does not show is not kept
    assert Mesa.objects.get(pk=p.mesa_a.pk).published_version == version + 1
    assert AuditEvent.objects.filter(object_type="exchange.directorycard", action=AuditEvent.Action.CREATE).exists()
    assert list(public_cards()) == []  # not listed publicly until the Mesa says so

    # Carla, of Mesa B, reads A's card in her own Mesa's directory: the coordinator's name and e-mail.
    client.force_login(p.carla)
    page = client.get(url("directory", p.mesa_b)).text
    assert "Ciudad Juárez" in page and "Ana Arriaga" in page and "ana@example.org" in page
    assert "656 000 0000" not in page

    # Beto is no coordinator nor secretary: 403; network staff use their own page.
    client.force_login(p.beto)
    assert client.get(url("card_edit", p.mesa_a)).status_code == 403
    client.force_login(p.nora)
    assert client.get(url("directory", p.mesa_a)).status_code == 404
    assert "Ciudad Juárez" in client.get(reverse("exchange_network:directory", args=[p.network.slug])).text


def test_directory_lists_working_committees_only(client: Any, personas: Personas, fx: ExchangeFixtures) -> None:
    client.force_login(personas.carla)
    page = client.get(url("directory", personas.mesa_b)).text
    assert "Prevención" in page
    assert "Comité disuelto" not in page
    DirectoryCard.objects.filter(mesa=personas.mesa_a).update(listed_publicly=True)
    assert [c.mesa for c in public_cards()] == [personas.mesa_a]


def test_shared_documents_are_read_only_by_the_twinned_committees(
    client: Any, personas: Personas, fx: ExchangeFixtures
) -> None:
    p = personas
    document_url = url(
        "twinning_document", p.mesa_b, public_id=fx.twinning.public_id, document_id=fx.document.public_id
    )
    # Carla is in Mesa B but not on its Indicators committee: she sees the twinning, not its documents.
    client.force_login(p.carla)
    assert client.get(url("twinning", p.mesa_b, public_id=fx.twinning.public_id)).status_code == 200
    assert client.get(document_url).status_code == 403
    serve(p.carla, p.mesa_b, fx.indicators_b)
    response = client.get(document_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    # Carla shares one of B's: Beto, of A but not on A's Indicators committee, cannot read it.
    response = client.post(
        url("twinning_share", p.mesa_b, public_id=fx.twinning.public_id), {"title": "Tablero", "file": pdf("t.pdf")}
    )
    assert response.status_code == 302
    b_document = fx.twinning.documents.get(mesa=p.mesa_b)
    b_url = url("twinning_document", p.mesa_a, public_id=fx.twinning.public_id, document_id=b_document.public_id)
    client.force_login(p.beto)
    assert client.get(b_url).status_code == 403
    serve(p.beto, p.mesa_a, fx.indicators_a)
    assert client.get(b_url).status_code == 200

    # A file that is not what its name says is refused, and nothing is stored.
    response = client.post(
        url("twinning_share", p.mesa_a, public_id=fx.twinning.public_id),
        {"title": "Falso", "file": SimpleUploadedFile("falso.pdf", b"MZ\x90\x00binary")},
        follow=True,
    )
    assert "is not an accepted file" in response.text
    assert fx.twinning.documents.count() == 2

    # Ended: each side keeps only what it shared itself.
    client.force_login(p.sara)
    response = client.post(url("twinning_end", p.mesa_a, public_id=fx.twinning.public_id), {"reason": "Cumplido."})
    assert Twinning.objects.get(pk=fx.twinning.pk).status == Twinning.Status.ENDED
    assert client.get(b_url).status_code == 404
    own_url = url("twinning_document", p.mesa_a, public_id=fx.twinning.public_id, document_id=fx.document.public_id)
    assert client.get(own_url).status_code == 200
    # Network staff never reach a Mesa's twinning.
    client.force_login(p.nora)
    assert client.get(own_url).status_code == 404


def test_the_receiving_committee_answers_a_twinning_request(
    client: Any, personas: Personas, fx: ExchangeFixtures
) -> None:
    p = personas
    answer = url("twinning_decide", p.mesa_a, public_id=fx.pending_twinning.public_id)
    # The technical secretary is not who answers: the coordinator or the committee does.
    client.force_login(p.sara)
    assert client.post(answer, {"decision": "accept"}).status_code == 403
    client.force_login(p.eva)
    response = client.post(answer, {"decision": "decline", "reason": ""}, follow=True)
    assert "Say why the request is declined." in response.text
    assert Twinning.objects.get(pk=fx.pending_twinning.pk).status == Twinning.Status.REQUESTED
    client.post(answer, {"decision": "accept"})
    twinning = Twinning.objects.get(pk=fx.pending_twinning.pk)
    assert twinning.status == Twinning.Status.ACTIVE and twinning.decided_by == p.eva
    response = client.post(answer, {"decision": "accept"}, follow=True)
    assert "This request has been answered already." in response.text

    # Beto asks B's Executive Committee: restricted committees are never offered, nor accepted.
    executive_b = Committee.objects.get(mesa=p.mesa_b, kind=Committee.Kind.EXECUTIVE)
    client.force_login(p.beto)
    response = client.post(
        url("twinning_request", p.mesa_a),
        {"committee": fx.prevention_a.public_id, "partner": executive_b.public_id, "message": "Hola"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    # And a second request for a pair already twinned is refused.
    response = client.post(
        url("twinning_request", p.mesa_a),
        {"committee": fx.prevention_a.public_id, "partner": fx.indicators_b.public_id, "message": "Hola"},
    )
    assert "already twinned" in response.text
    assert Twinning.objects.count() == 2


def test_a_visit_is_answered_by_the_host_and_recorded_on_each_side(
    client: Any, personas: Personas, fx: ExchangeFixtures
) -> None:
    p = personas
    client.force_login(p.sara)
    answer = url("visit_decide", p.mesa_a, public_id=fx.pending_visit.public_id)
    yesterday = p.mesa_a.today() - dt.timedelta(days=1)
    response = client.post(answer, {"decision": "accept", "plenary_on": yesterday.isoformat()}, follow=True)
    assert "The plenary date cannot be in the past." in response.text
    client.post(answer, {"decision": "accept", "plenary_on": (yesterday + dt.timedelta(days=9)).isoformat()})
    assert Visit.objects.get(pk=fx.pending_visit.pk).status == Visit.Status.ACCEPTED

    # A's visit to B: not before the plenary; then each side records its own.
    record_a = url("visit_record", p.mesa_a, public_id=fx.visit.public_id)
    response = client.post(record_a, {"attendees": "Ana, Sara", "notes": "Nota de A"}, follow=True)
    assert "once the plenary has taken place" in response.text
    Visit.objects.filter(pk=fx.visit.pk).update(plenary_on=yesterday)
    client.post(record_a, {"attendees": "Ana, Sara", "notes": "Nota de A"})
    coordinate_b(p)
    client.force_login(p.carla)
    client.post(
        url("visit_record", p.mesa_b, public_id=fx.visit.public_id), {"attendees": "Carla", "notes": "Nota de B"}
    )
    assert VisitRecord.objects.filter(visit=fx.visit).count() == 2

    page_b = client.get(url("visit", p.mesa_b, public_id=fx.visit.public_id)).text
    assert "Nota de B" in page_b and "Nota de A" not in page_b
    client.force_login(p.beto)
    page_a = client.get(url("visit", p.mesa_a, public_id=fx.visit.public_id)).text
    assert "Nota de A" in page_a and "Nota de B" not in page_a
    # Network staff see who visited whom and when, never the notes.
    client.force_login(p.nora)
    page = client.get(reverse("exchange_network:visits", args=[p.network.slug])).text
    assert "Mesa A" in page and "Mesa B" in page and "Accepted" in page
    assert "Nota de" not in page


def test_only_published_practices_are_searched(client: Any, personas: Personas, fx: ExchangeFixtures) -> None:
    p = personas
    client.force_login(p.carla)
    library = url("library", p.mesa_b)
    page = client.get(library, {"q": "vehículos robo"}).text
    assert "Comité de robo de vehículos" in page
    assert "Borrador" not in client.get(library, {"q": "senderos"}).text
    assert "No published practice matches your search." in client.get(library, {"q": "inexistente"}).text
    assert client.get(url("practice", p.mesa_b, public_id=fx.draft.public_id)).status_code == 404
    attachment = fx.practice.attachments.get()
    assert (
        client.get(
            url("practice_attachment", p.mesa_b, public_id=fx.practice.public_id, file_id=attachment.public_id)
        ).status_code
        == 200
    )

    # Publishing is the coordinator's or the secretary's explicit act; Eva writes, she does not publish.
    client.force_login(p.eva)
    assert client.post(url("practice_publish", p.mesa_a, public_id=fx.draft.public_id)).status_code == 403
    client.force_login(p.ana)
    version = Mesa.objects.get(pk=p.mesa_a.pk).published_version
    client.post(url("practice_publish", p.mesa_a, public_id=fx.draft.public_id))
    assert Mesa.objects.get(pk=p.mesa_a.pk).published_version == version + 1
    client.force_login(p.nora)
    network_library = reverse("exchange_network:library", args=[p.network.slug])
    assert "Borrador de senderos seguros" in client.get(network_library, {"q": "senderos"}).text

    # Withdrawn: gone from the library at once, for the network staff and the other Mesas.
    client.force_login(p.sara)
    client.post(url("practice_withdraw", p.mesa_a, public_id=fx.practice.public_id), {"reason": "Datos por revisar."})
    assert Practice.objects.get(pk=fx.practice.pk).status == Practice.Status.WITHDRAWN
    client.force_login(p.nora)
    assert "Comité de robo" not in client.get(network_library, {"q": "robo"}).text
    network_url = reverse("exchange_network:practice", args=[p.network.slug, fx.practice.public_id])
    assert client.get(network_url).status_code == 404
    client.force_login(p.carla)
    assert client.get(url("practice", p.mesa_b, public_id=fx.practice.public_id)).status_code == 404


def test_library_pages_and_a_refused_attachment_leaves_nothing(
    client: Any, personas: Personas, fx: ExchangeFixtures, tmp_path: Any
) -> None:
    p = personas
    now = timezone.now()
    Practice.objects.bulk_create(
        Practice(
            mesa=p.mesa_b,
            title=f"Práctica {n}",
            topic="Prevención",
            summary="Resumen",
            problem="Problema",
            actions="Acciones",
            status=Practice.Status.PUBLISHED,
            published_at=now,
            created_by=p.carla,
        )
        for n in range(25)
    )
    client.force_login(p.beto)
    first = client.get(url("library", p.mesa_a), {"q": "práctica"})
    assert first.context["page"].paginator.count == 25
    assert "Page 1 of 2" in first.text
    assert len(client.get(url("library", p.mesa_a), {"q": "práctica", "page": 2}).context["page"]) == 5

    client.force_login(p.eva)
    files_before = sorted(tmp_path.rglob("*"))
    response = client.post(
        url("practice_create", p.mesa_a),
        {
            "title": "Nueva",
            "topic": "Robo",
            "summary": "s",
            "problem": "p",
            "actions": "a",
            "attachments": [pdf("bien.pdf"), SimpleUploadedFile("mal.png", b"not a png")],
        },
    )
    assert response.status_code == 200
    assert "“mal.png” is not an accepted file" in response.text
    assert not Practice.objects.filter(title="Nueva").exists()
    assert PracticeAttachment.objects.count() == 1
    assert sorted(tmp_path.rglob("*")) == files_before


def test_directory_queries_do_not_grow_with_the_mesas(
    client: Any, personas: Personas, fx: ExchangeFixtures, django_assert_max_num_queries: Any
) -> None:
    p = personas
    client.force_login(p.beto)
    directory = url("directory", p.mesa_a)
    with django_assert_max_num_queries(30) as before:
        client.get(directory)
    for n in range(3):
        mesa = Mesa.objects.create(
            network=p.network,
            name=f"Mesa C{n}",
            slug=f"mesa-c{n}",
            state="19",
            status=Mesa.Status.OPERATING,
            installed_on=SINCE,
        )
        Committee.objects.create(mesa=mesa, name=f"Comité C{n}", created_on=SINCE)
        DirectoryCard.objects.create(mesa=mesa, city="Monterrey", contact=DirectoryCard.Contact.NAME)
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(directory).text
    assert "Comité C2" in page
