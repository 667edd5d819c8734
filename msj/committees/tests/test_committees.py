"""Committees through HTTP with the personas: who sees them, decisions, joining, the manual (Cuadros 7, 8)."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.committees import services
from msj.committees.models import Committee, CommitteeDecision, CommitteeMember, ManualSignature, ProcessManual
from msj.committees.testing import DECIDED_ON, MINUTES, CommitteeFixtures, actor, committee_fixtures, membership
from msj.core.testing import es
from msj.members.models import Membership
from msj.members.testing import Personas

BASE = "/m/mesa-a/committees/"


@pytest.fixture
def fx(personas: Personas) -> CommitteeFixtures:
    return committee_fixtures(personas)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(committee: Committee, action: str = "") -> str:
    return f"{BASE}{committee.public_id}/{action + '/' if action else ''}"


def audit_count(obj_type: str, action: str = "create") -> int:
    return AuditEvent.objects.filter(object_type=obj_type, action=action).count()


def creation_data(personas: Personas, **overrides: str) -> dict[str, str]:
    data = {
        "name": "Corredores seguros",
        "kind": "thematic",
        "axis": "",
        "coordinator": str(membership(personas, "beto").public_id),
        "alternate": str(membership(personas, "ana").public_id),
        "manual_text": "Sesionamos cada mes; el coordinador da seguimiento a los acuerdos.",
        "decided_on": "2026-03-12",
        "minutes_reference": "Acta de la sesión del Comité Ejecutivo del 12/03/2026",
    }
    data.update(overrides)
    return data


def committee_rows() -> tuple[int, int, int, int]:
    return (
        Committee.objects.count(),
        CommitteeDecision.objects.count(),
        ProcessManual.objects.count(),
        CommitteeMember.objects.count(),
    )


# --- Who sees what -----------------------------------------------------------------------------


def test_every_member_sees_the_list_with_officers_and_counts(personas: Personas, fx: CommitteeFixtures) -> None:
    for user in (personas.ana, personas.beto, personas.olga, personas.sara):
        response = client_for(user).get(BASE)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Prevención" in content
        assert "Beto Barrios" in content and "Eva Escobedo" in content  # coordinator and alternate


def test_outsider_and_network_staff_get_404(personas: Personas, fx: CommitteeFixtures) -> None:
    for user in (personas.carla, personas.nora):
        client = client_for(user)
        assert client.get(BASE).status_code == 404
        assert client.get(page(fx.prevention)).status_code == 404
        assert client.post(page(fx.prevention, "join")).status_code == 404


def test_officials_never_see_the_executive_or_honour_committees(personas: Personas, fx: CommitteeFixtures) -> None:
    honour = services.create_committee(
        mesa=personas.mesa_a,
        name="Honor y Justicia",
        kind=Committee.Kind.HONOUR,
        coordinator=membership(personas, "ana"),
        alternate=membership(personas, "eva"),
        manual_text="Protocolo del Comité de Honor.",
        decided_on=DECIDED_ON,
        minutes_reference=MINUTES,
        by=actor(personas, "sara"),
    )
    olga = client_for(personas.olga)
    assert olga.get(page(fx.executive)).status_code == 404
    assert olga.get(page(honour)).status_code == 404
    assert olga.post(page(fx.executive, "join")).status_code == 404
    listing = olga.get(BASE).content.decode()
    assert fx.executive.name not in listing and "Honor y Justicia" not in listing
    assert fx.indicators.name in listing
    beto = client_for(personas.beto)
    assert beto.get(page(fx.executive)).status_code == 200
    assert beto.get(page(honour)).status_code == 200
    assert fx.executive.name in beto.get(BASE).content.decode()


def test_executive_committee_page_lists_its_members_by_office(personas: Personas, fx: CommitteeFixtures) -> None:
    content = client_for(personas.beto).get(page(fx.executive)).content.decode()
    assert "Ana Arriaga" in content and "Eva Escobedo" in content


def test_committees_list_query_count_does_not_grow(personas: Personas, fx: CommitteeFixtures) -> None:
    client = client_for(personas.beto)
    client.get(BASE)  # warm the session and the content types

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        services.create_committee(
            mesa=personas.mesa_a,
            name=f"Comité {i}",
            coordinator=membership(personas, "ana"),
            alternate=membership(personas, "beto"),
            manual_text="Manual.",
            decided_on=DECIDED_ON,
            minutes_reference=MINUTES,
            by=actor(personas, "sara"),
        )
    assert count() == before
    assert before <= 12


# --- Creation by recorded decision -------------------------------------------------------------


def test_executive_committee_member_creates_a_committee_in_one_decision(personas: Personas) -> None:
    response = client_for(personas.eva).post(f"{BASE}new/", creation_data(personas))
    committee = Committee.objects.get(name="Corredores seguros")
    assert response.status_code == 302 and response["Location"] == page(committee)
    decision = CommitteeDecision.objects.get(committee=committee)
    assert decision.kind == "create" and decision.decided_on == dt.date(2026, 3, 12)
    assert decision.minutes_reference == "Acta de la sesión del Comité Ejecutivo del 12/03/2026"
    assert decision.recorded_by == membership(personas, "eva")
    assert committee.created_on == dt.date(2026, 3, 12)
    manual = ProcessManual.objects.get(committee=committee)
    assert manual.version == 1 and manual.text.startswith("Sesionamos")
    officers = {m.role: m.membership.user for m in committee.members.all()}
    assert officers == {"coordinator": personas.beto, "alternate": personas.ana}
    assert all(m.status == "approved" and m.joined_on == dt.date(2026, 3, 12) for m in committee.members.all())
    for obj_type in ("committees.committee", "committees.committeedecision", "committees.processmanual"):
        assert audit_count(obj_type) == 1, obj_type
    assert audit_count("committees.committeemember") == 2


@pytest.mark.parametrize("who", ["beto", "olga"])
def test_neither_plain_citizens_nor_officials_record_decisions(personas: Personas, who: str) -> None:
    user = getattr(personas, who)
    assert client_for(user).get(f"{BASE}new/").status_code == 403
    assert client_for(user).post(f"{BASE}new/", creation_data(personas)).status_code == 403
    assert Committee.objects.count() == 0


def test_creation_without_an_alternate_is_refused_whole(personas: Personas) -> None:
    before = committee_rows()
    audit_before = AuditEvent.objects.count()
    response = client_for(personas.sara).post(f"{BASE}new/", creation_data(personas, alternate=""))
    assert response.status_code == 200
    assert es("Name the alternate committee coordinator.") in response.content.decode()
    assert committee_rows() == before
    assert AuditEvent.objects.count() == audit_before


def test_coordinator_and_alternate_must_be_two_people(personas: Personas) -> None:
    before = committee_rows()
    beto = str(membership(personas, "beto").public_id)
    response = client_for(personas.sara).post(f"{BASE}new/", creation_data(personas, coordinator=beto, alternate=beto))
    assert response.status_code == 200
    assert es("The alternate must be a different person from the coordinator.") in response.content.decode()
    assert committee_rows() == before


def test_an_official_cannot_coordinate_a_committee(personas: Personas) -> None:
    before = committee_rows()
    olga = membership(personas, "olga")
    response = client_for(personas.sara).post(f"{BASE}new/", creation_data(personas, coordinator=str(olga.public_id)))
    assert response.status_code == 200
    assert es("The committee coordinator must be a current citizen member of the Mesa.") in response.content.decode()
    assert committee_rows() == before
    # The service refuses it too, whatever the caller.
    with pytest.raises(ValidationError) as exc:
        services.create_committee(
            mesa=personas.mesa_a,
            name="X",
            coordinator=olga,
            alternate=membership(personas, "beto"),
            manual_text="Manual.",
            decided_on=DECIDED_ON,
            minutes_reference=MINUTES,
            by=actor(personas, "sara"),
        )
    assert "coordinator" in exc.value.message_dict
    assert committee_rows() == before


def test_creation_without_a_manual_or_minutes_is_refused_naming_the_fields(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_committee(
            mesa=personas.mesa_a,
            name="X",
            coordinator=membership(personas, "beto"),
            alternate=membership(personas, "ana"),
            manual_text="  ",
            decided_on=None,
            minutes_reference="",
            by=actor(personas, "sara"),
        )
    assert set(exc.value.message_dict) == {"manual_text", "decided_on", "minutes_reference"}
    assert Committee.objects.count() == 0


def test_core_committees_are_created_once(personas: Personas) -> None:
    first = services.ensure_core_committees(mesa=personas.mesa_a)
    again = services.ensure_core_committees(mesa=personas.mesa_a)
    assert [c.pk for c in first] == [c.pk for c in again]
    assert sorted(Committee.objects.filter(mesa=personas.mesa_a).values_list("kind", flat=True)) == [
        "executive",
        "indicators",
    ]
    assert audit_count("committees.committee") == 2


# --- Dissolution -------------------------------------------------------------------------------


def test_the_indicators_committee_cannot_be_dissolved(personas: Personas, fx: CommitteeFixtures) -> None:
    response = client_for(personas.sara).post(
        page(fx.indicators, "dissolve"), {"decided_on": "2026-01-10", "minutes_reference": MINUTES}
    )
    assert response.status_code == 200
    assert (
        es("The Executive and the Indicators committees exist as long as the Mesa does: they cannot be dissolved.")
        in response.content.decode()
    )
    fx.indicators.refresh_from_db()
    assert fx.indicators.dissolved_on is None
    assert not CommitteeDecision.objects.filter(committee=fx.indicators).exists()
    with pytest.raises(ValidationError):
        services.dissolve_committee(
            committee=fx.executive, decided_on=DECIDED_ON, minutes_reference=MINUTES, by=actor(personas, "sara")
        )


def test_dissolution_closes_every_membership(personas: Personas, fx: CommitteeFixtures) -> None:
    olga_request = services.request_to_join(committee=fx.prevention, membership=membership(personas, "olga"))
    response = client_for(personas.ana).post(
        page(fx.prevention, "dissolve"), {"decided_on": "2026-01-10", "minutes_reference": "Acta del 10/01/2026"}
    )
    assert response.status_code == 302
    fx.prevention.refresh_from_db()
    assert fx.prevention.dissolved_on == dt.date(2026, 1, 10)
    assert not CommitteeMember.objects.open().filter(committee=fx.prevention).exists()
    assert set(fx.prevention.members.values_list("left_on", flat=True)) == {dt.date(2026, 1, 10)}
    olga_request.refresh_from_db()
    assert olga_request.status == "declined"
    decision = CommitteeDecision.objects.get(committee=fx.prevention, kind="dissolve")
    assert decision.recorded_by == membership(personas, "ana")
    assert audit_count("committees.committeemember", "update") == 2 + 3  # the fixture's dissolution + these three
    # A dissolved committee takes nobody in.
    response = client_for(personas.beto).post(page(fx.prevention, "join"))
    assert response.status_code == 302
    assert not CommitteeMember.objects.open().filter(committee=fx.prevention).exists()


# --- Joining, approving, signing ---------------------------------------------------------------


def test_join_approve_and_sign_the_manual(personas: Personas, fx: CommitteeFixtures) -> None:
    olga = client_for(personas.olga)
    assert olga.get(page(fx.prevention, "join")).status_code == 405
    assert olga.post(page(fx.prevention, "join")).status_code == 302
    request = CommitteeMember.objects.get(committee=fx.prevention, membership__user=personas.olga)
    assert request.status == "pending" and request.joined_on is None
    # A second request while the first is pending changes nothing.
    olga.post(page(fx.prevention, "join"))
    assert CommitteeMember.objects.filter(committee=fx.prevention, membership__user=personas.olga).count() == 1

    approve = page(fx.prevention, f"requests/{request.public_id}/approve")
    assert client_for(personas.ana).post(approve).status_code == 403  # the Mesa's coordinator is not the committee's
    assert client_for(personas.olga).post(approve).status_code == 403
    detail = client_for(personas.beto).get(page(fx.prevention)).content.decode()
    assert "Olga Ocampo" in detail and es("Requests to join") in detail
    assert client_for(personas.beto).post(approve).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.joined_on == personas.mesa_a.today()
    assert request.approved_by == membership(personas, "beto")

    content = olga.get(page(fx.prevention)).content.decode()
    assert es("Members who have not signed this version:") in content and "Olga Ocampo" in content
    audit_before = audit_count("committees.manualsignature")
    assert olga.post(page(fx.prevention, "sign")).status_code == 302
    assert olga.post(page(fx.prevention, "sign")).status_code == 302  # idempotent
    manual = ProcessManual.objects.get(committee=fx.prevention)
    assert ManualSignature.objects.filter(manual=manual, member=request).count() == 1
    assert audit_count("committees.manualsignature") == audit_before + 1
    assert es("Every member has signed this version.") in olga.get(page(fx.prevention)).content.decode()
    assert audit_count("committees.committeemember", "update") >= 1


def test_the_alternate_declines_and_the_person_may_ask_again(personas: Personas, fx: CommitteeFixtures) -> None:
    request = services.request_to_join(committee=fx.prevention, membership=membership(personas, "ana"))
    response = client_for(personas.eva).post(page(fx.prevention, f"requests/{request.public_id}/decline"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "declined" and request.joined_on is None
    assert client_for(personas.ana).post(page(fx.prevention, "join")).status_code == 302
    assert CommitteeMember.objects.filter(committee=fx.prevention, membership__user=personas.ana).count() == 2


def test_nobody_joins_the_executive_committee_by_request(personas: Personas, fx: CommitteeFixtures) -> None:
    assert client_for(personas.beto).post(page(fx.executive, "join")).status_code == 302
    assert not CommitteeMember.objects.filter(committee=fx.executive).exists()


def test_a_member_leaves_but_the_coordinator_cannot(personas: Personas, fx: CommitteeFixtures) -> None:
    services.request_to_join(committee=fx.prevention, membership=membership(personas, "olga"))
    request = CommitteeMember.objects.get(committee=fx.prevention, membership__user=personas.olga)
    services.decide_request(member=request, approve=True, by=actor(personas, "beto"))
    assert client_for(personas.olga).post(page(fx.prevention, "leave")).status_code == 302
    request.refresh_from_db()
    assert request.left_on == personas.mesa_a.today()
    assert client_for(personas.beto).post(page(fx.prevention, "leave")).status_code == 302
    assert fx.beto_seat.__class__.objects.get(pk=fx.beto_seat.pk).left_on is None


def test_signing_needs_a_seat_on_the_committee(personas: Personas, fx: CommitteeFixtures) -> None:
    assert client_for(personas.ana).post(page(fx.prevention, "sign")).status_code == 403
    with pytest.raises(ValidationError):
        services.sign_manual(committee=fx.prevention, membership=membership(personas, "ana"))


def test_a_new_manual_version_is_signed_anew(personas: Personas, fx: CommitteeFixtures) -> None:
    response = client_for(personas.beto).post(
        page(fx.prevention, "manual"), {"text": "Versión 2 del manual.", "adopted_on": "2026-02-01"}
    )
    assert response.status_code == 302
    manual = services.manual_in_force(fx.prevention)
    assert manual is not None and manual.version == 2
    assert audit_count("committees.processmanual") == 3  # prevention v1, the dissolved one's v1, this v2
    content = client_for(personas.beto).get(page(fx.prevention)).content.decode()
    assert es("Members who have not signed this version:") in content
    assert client_for(personas.olga).get(page(fx.prevention, "manual")).status_code == 403


# --- People outside the core, by e-mail --------------------------------------------------------


def test_a_guest_is_added_by_email_with_account_membership_and_seat(personas: Personas, fx: CommitteeFixtures) -> None:
    response = client_for(personas.sara).post(
        page(fx.prevention, "add-person"),
        {"email": "Experta@Example.org", "full_name": "Elena Experta", "kind": "guest"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="experta@example.org")
    assert user.full_name == "Elena Experta"
    assert not EmailAddress.objects.get(user=user).verified
    guest = Membership.objects.get(user=user, mesa=personas.mesa_a)
    assert guest.kind == "guest" and guest.started_on == personas.mesa_a.today()
    seat = CommitteeMember.objects.get(committee=fx.prevention, membership=guest)
    assert seat.status == "approved" and seat.approved_by == membership(personas, "sara")
    assert AuditEvent.objects.filter(object_id=str(guest.public_id), action="create").exists()
    assert AuditEvent.objects.filter(object_id=str(seat.public_id), action="create").exists()
    # The guest sees the committee; being a guest, never the Executive Committee.
    guest_client = client_for(user)
    assert guest_client.get(page(fx.prevention)).status_code == 200
    assert guest_client.get(page(fx.executive)).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-email", "full_name": "X", "kind": "guest"},
        {"email": "sin-nombre@example.org", "full_name": "", "kind": "volunteer"},
        {"email": "beto@example.org", "full_name": "Beto", "kind": "guest"},  # already a citizen member
        {"email": "nuevo@example.org", "full_name": "Nuevo", "kind": "citizen"},
    ],
)
def test_bad_input_adds_nobody(personas: Personas, fx: CommitteeFixtures, data: dict[str, str]) -> None:
    counts = (User.objects.count(), Membership.objects.count(), CommitteeMember.objects.count())
    audit_before = AuditEvent.objects.count()
    response = client_for(personas.beto).post(page(fx.prevention, "add-person"), data)
    assert response.status_code == 200
    assert (User.objects.count(), Membership.objects.count(), CommitteeMember.objects.count()) == counts
    assert AuditEvent.objects.count() == audit_before


def test_a_failure_after_the_account_is_made_rolls_everything_back(personas: Personas, fx: CommitteeFixtures) -> None:
    """The account and the place are made before the seat: a refusal there undoes them."""
    services.add_person(
        committee=fx.prevention, email="v@example.org", full_name="V", kind="volunteer", by=actor(personas, "sara")
    )
    counts = (User.objects.count(), Membership.objects.count(), CommitteeMember.objects.count())
    with pytest.raises(ValidationError):  # already on the committee
        services.add_person(
            committee=fx.prevention, email="v@example.org", full_name="V", kind="volunteer", by=actor(personas, "sara")
        )
    assert (User.objects.count(), Membership.objects.count(), CommitteeMember.objects.count()) == counts
    # The same volunteer joins a second committee with the place they already have.
    services.add_person(
        committee=fx.indicators, email="v@example.org", full_name="", kind="volunteer", by=actor(personas, "sara")
    )
    assert Membership.objects.filter(user__email="v@example.org").count() == 1


def test_the_mesa_coordinator_does_not_add_people_to_a_committee_she_does_not_run(
    personas: Personas, fx: CommitteeFixtures
) -> None:
    response = client_for(personas.ana).post(
        page(fx.prevention, "add-person"), {"email": "a@example.org", "full_name": "A", "kind": "guest"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="a@example.org").exists()


# --- The without-committee page ----------------------------------------------------------------


def test_without_committee_page_for_the_secretary_and_executive(personas: Personas) -> None:
    # Beto, a citizen since 2024 on no committee; Ana and Eva sit on the Executive Committee by office.
    content = client_for(personas.sara).get(f"{BASE}without-committee/").content.decode()
    assert "Beto Barrios" in content
    assert "Ana Arriaga" not in content.split("<main")[1].split("</main>")[0]
    assert client_for(personas.eva).get(f"{BASE}without-committee/").status_code == 200
    assert client_for(personas.beto).get(f"{BASE}without-committee/").status_code == 403
    assert client_for(personas.olga).get(f"{BASE}without-committee/").status_code == 403
