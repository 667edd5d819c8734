"""Forming a Mesa through the thirteen steps, through HTTP as network staff (DOMAIN.md §4.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from msj.audit.models import AuditEvent
from msj.committees.models import Committee
from msj.meetings.models import Meeting
from msj.members.models import Membership, Office
from msj.members.testing import Personas
from msj.mesas.models import Mesa
from msj.network.models import Formation, FormationStep, Founder, StepEvidence
from msj.network.testing import complete_step, complete_through, formation_fixture, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def nora(client: Any, personas: Personas) -> Any:
    client.force_login(personas.nora)
    return client


def url(p: Personas, formation: Formation, tail: str = "") -> str:
    return f"/network/{p.network.slug}/forming/{formation.public_id}/{tail}"


def step(formation: Formation, number: int) -> FormationStep:
    return formation.steps.get(number=number)


def test_network_staff_register_a_forming_mesa_and_see_what_blocks_it(nora: Any, personas: Personas) -> None:
    response = nora.post(
        f"/network/{personas.network.slug}/forming/new/",
        {
            "name": "Mesa de Puebla",
            "slug": "puebla",
            "state": "21",
            "city": "Puebla",
            "time_zone": "America/Mexico_City",
        },
    )
    formation = Formation.objects.get(mesa__slug="puebla")
    assert response["Location"] == url(personas, formation)
    assert formation.mesa.status == Mesa.Status.FORMING
    assert list(formation.steps.values_list("number", flat=True)) == list(range(1, 14))
    assert AuditEvent.objects.filter(object_type="network.formation", actor=personas.nora).exists()

    # A later step validated before an earlier one: allowed, and the earlier one still blocks.
    complete_step(step(formation, 1), by=personas.nora, on=dt.date(2026, 1, 10))
    complete_step(step(formation, 3), by=personas.nora, on=dt.date(2026, 2, 10))
    home_url = f"/network/{personas.network.slug}/"
    nora.get(home_url)
    with CaptureQueriesContext(connection) as one:
        nora.get(home_url)
    formation_fixture(personas)  # a second forming Mesa costs the page no more queries
    with CaptureQueriesContext(connection) as two:
        home = nora.get(home_url).content.decode()
    assert len(two) == len(one) <= 12
    assert "Mesa de Puebla" in home
    assert "2 of 13 steps validated" in home
    assert "Blocked at step 2: Approach and awareness meetings with authorities." in home
    assert "date of the meeting with authorities; the authorities met" in home
    assert 'value="2"' in home  # the <progress> element

    # The same slug again is refused whole, saying where.
    again = nora.post(
        f"/network/{personas.network.slug}/forming/new/",
        {"name": "Otra", "slug": "puebla", "state": "21", "city": "Puebla", "time_zone": "America/Mexico_City"},
    )
    assert again.status_code == 400
    assert b"Another Mesa already uses this short name." in again.content


def test_a_step_is_validated_only_with_the_evidence_it_asks_for(nora: Any, personas: Personas) -> None:
    formation = formation_fixture(personas)
    first = url(personas, formation, "steps/1/")
    nora.post(f"{first}evidence/", {"requirement": "met_on", "date": "2026-01-10"})
    refused = nora.post(f"{first}validate/", follow=True)
    assert "Missing: the leaders of the group." in refused.content.decode()
    assert not step(formation, 1).is_validated

    nora.post(f"{first}evidence/", {"requirement": "leaders", "text": "Ana Ruiz, Luis Pérez"})
    nora.post(f"{first}validate/")
    validated = step(formation, 1)
    assert validated.validated_by == personas.nora
    assert validated.validated_on == timezone.localdate()
    assert "Step 1 has been validated." in nora.get(first).content.decode()
    assert "already been validated" in nora.post(f"{first}validate/", follow=True).content.decode()

    # Step 8 is validated by installing only.
    refused = nora.post(url(personas, formation, "steps/8/validate/"), follow=True)
    assert "Step 8 is validated by installing the Mesa." in refused.content.decode()

    # Validated by and on go together, whatever writes the row.
    with pytest.raises(IntegrityError):
        FormationStep.objects.filter(pk=step(formation, 2).pk).update(validated_on=dt.date(2026, 1, 1))


def test_documents_are_checked_and_read_through_the_network_only(nora: Any, personas: Personas) -> None:
    formation = formation_fixture(personas)
    sixth = url(personas, formation, "steps/6/")
    fake = SimpleUploadedFile("codigo.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = nora.post(f"{sixth}evidence/", {"requirement": "code_of_ethics", "document": fake})
    assert refused.status_code == 400
    assert "“codigo.pdf” is not an accepted file" in refused.content.decode()
    assert not StepEvidence.objects.exists()

    assert (
        nora.post(f"{sixth}evidence/", {"requirement": "code_of_ethics", "document": pdf("codigo.pdf")}).status_code
        == 302
    )
    item = StepEvidence.objects.get()
    assert item.original_name == "codigo.pdf" and item.content_type == "application/pdf"
    download = nora.get(url(personas, formation, f"evidence/{item.public_id}/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_id=str(item.public_id)).exists()

    # Step 6 also needs its coordinator and alternates, named from the founding list.
    page = nora.get(sixth).content.decode()
    assert "the coordinator, named from the founding list" in page
    assert "the signed bylaws" in page
    founders = url(personas, formation, "founders/")
    nora.post(founders, {"full_name": "Lucía Gómez", "email": "Lucia@Example.org", "role": "coordinator"})
    second = nora.post(founders, {"full_name": "Otra", "email": "otra@example.org", "role": "coordinator"})
    assert second.status_code == 400 and b"already has its coordinator" in second.content
    lucia = Founder.objects.get(email="lucia@example.org")
    nora.post(url(personas, formation, f"founders/{lucia.public_id}/remove/"))
    assert not Founder.objects.exists()
    nora.force_login(personas.ana)
    assert nora.get(url(personas, formation, f"evidence/{item.public_id}/")).status_code == 404


def test_installing_makes_an_operating_mesa_with_its_founders_offices_and_first_plenary(
    nora: Any, personas: Personas
) -> None:
    formation = formation_fixture(personas)
    on = timezone.localdate() - dt.timedelta(days=30)
    complete_through(formation, 6, by=personas.nora, on=on)
    # Beto already has an account: his founding place reuses it.
    Founder.objects.create(formation=formation, full_name="Beto", email="beto@example.org")
    install = url(personas, formation, "install/")
    data = {"first_plenary_time": "18:00", "first_plenary_place": "Casa de la Cultura"}

    refused = nora.post(install, data, follow=True).content.decode()
    assert "Validate steps 1 to 7 before installing. Not yet validated: 7." in refused
    complete_step(step(formation, 7), by=personas.nora, on=on)
    eighth = step(formation, 8)
    nora.post(url(personas, formation, "steps/8/evidence/"), {"requirement": "installed_on", "date": str(on)})
    first_plenary = timezone.localdate() + dt.timedelta(days=20)
    nora.post(
        url(personas, formation, "steps/8/evidence/"), {"requirement": "first_plenary_on", "date": str(first_plenary)}
    )
    refused = nora.post(install, data, follow=True).content.decode()
    assert "The Mesa cannot be installed yet. Missing: the installation act." in refused
    assert Mesa.objects.get(pk=formation.mesa_id).status == Mesa.Status.FORMING

    complete_step(eighth, by=personas.nora, on=on)  # the act
    done = nora.post(install, data, follow=True).content.decode()
    assert "Mesa F is installed and operating" in done
    mesa = Mesa.objects.get(pk=formation.mesa_id)
    assert mesa.status == Mesa.Status.OPERATING and mesa.installed_on == on
    assert step(formation, 8).validated_by == personas.nora

    members = Membership.objects.filter(mesa=mesa)
    assert members.count() == 6 and set(members.values_list("kind", flat=True)) == {Membership.Kind.CITIZEN}
    assert members.filter(user=personas.beto).exists()
    coordinator = members.get(user__email="founder1@mesa-f.example.org")
    assert not coordinator.user.has_usable_password()  # signs in with a code by e-mail
    offices = Office.objects.filter(mesa=mesa)
    assert sorted(offices.values_list("kind", flat=True)) == ["alternate", "alternate", "coordinator", "executive"]
    assert offices.get(kind="coordinator").membership == coordinator
    assert Committee.objects.filter(mesa=mesa, kind=Committee.Kind.EXECUTIVE).exists()
    plenary = Meeting.objects.get(mesa=mesa)
    assert plenary.kind == Meeting.Kind.PLENARY and plenary.local_date() == first_plenary
    assert AuditEvent.objects.filter(
        object_type="mesas.mesa", object_id=str(mesa.public_id), before__status="forming"
    ).exists()

    again = nora.post(install, data, follow=True).content.decode()
    assert "This Mesa is already installed." in again
    assert Membership.objects.filter(mesa=mesa).count() == 6

    # The coordinator now sees an operating Mesa; the network lists it apart.
    nora.force_login(coordinator.user)
    assert nora.get(f"/m/{mesa.slug}/")["Location"] == "/accounts/2fa/"  # a coordinator enrols a second factor
    TOTP.activate(coordinator.user, generate_totp_secret())
    assert "Operating" in nora.get(f"/m/{mesa.slug}/").content.decode()
    nora.force_login(personas.nora)
    home = nora.get(f"/network/{personas.network.slug}/").content.decode()
    assert "No Mesa is in formation." in home
