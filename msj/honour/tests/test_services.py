"""The honour services: every write checked, audited, notified once (DOMAIN.md §4.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from msj.audit.models import AuditEvent
from msj.committees.models import Committee
from msj.committees.testing import actor, membership
from msj.honour import services
from msj.honour.models import Case, Decision, Hearing, PanelMember, Resignation
from msj.honour.testing import SUMMARY, honour_case
from msj.honour.tests.helpers import complaint, decide, hear
from msj.members.access import actor_for
from msj.members.models import Membership, Office
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail


def emails(prefix: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(idempotency_key__startswith=prefix).order_by("pk"))


# --- resignations --------------------------------------------------------------------------------


def test_a_member_resigns_today_and_the_secretary_is_told_once(personas: Personas) -> None:
    beto = membership(personas, "beto")
    resignation = services.resign(
        membership=beto, confirmed=True, reason="Me mudo de ciudad.", by=actor(personas, "beto")
    )
    beto.refresh_from_db()
    assert beto.status == Membership.Status.RESIGNED
    assert beto.ended_on == personas.mesa_a.today() == resignation.resigned_on
    assert not resignation.by_letter
    assert actor_for(personas.beto, personas.mesa_a) is None  # access ends at once
    sent = emails(f"resignation:{beto.public_id}")
    assert [e.to for e in sent] == [["sara@example.org"]]
    assert "Beto Barrios" in sent[0].subject and "Me mudo de ciudad." in sent[0].body_text
    assert AuditEvent.objects.filter(object_type="honour.resignation", action="create").count() == 1
    with pytest.raises(ValidationError):
        services.resign(membership=beto, confirmed=True, by=actor(personas, "sara"))
    assert len(emails(f"resignation:{beto.public_id}")) == 1


def test_resigning_needs_a_confirmation(personas: Personas) -> None:
    beto = membership(personas, "beto")
    with pytest.raises(ValidationError) as exc:
        services.resign(membership=beto, confirmed=False, by=actor(personas, "beto"))
    assert "confirm" in exc.value.message_dict
    beto.refresh_from_db()
    assert beto.status == Membership.Status.ACTIVE and not Resignation.objects.exists()


def test_the_coordinator_resigning_leaves_the_office_too(personas: Personas) -> None:
    ana = membership(personas, "ana")
    services.resign(membership=ana, confirmed=True, by=actor(personas, "ana"))
    office = Office.objects.get(membership=ana, kind=Office.Kind.COORDINATOR)
    assert office.ended_on == personas.mesa_a.today()


def test_when_the_secretary_resigns_the_coordinator_is_told(personas: Personas) -> None:
    sara = membership(personas, "sara")
    services.resign(membership=sara, confirmed=True, by=actor(personas, "sara"))
    assert [e.to for e in emails(f"resignation:{sara.public_id}")] == [["ana@example.org"]]


def test_officials_do_not_resign_they_leave_with_their_post(personas: Personas) -> None:
    olga = membership(personas, "olga")
    with pytest.raises(ValidationError) as exc:
        services.resign(membership=olga, confirmed=True, by=actor(personas, "olga"))
    assert "member" in exc.value.message_dict
    olga.refresh_from_db()
    assert olga.status == Membership.Status.ACTIVE


def test_the_secretary_records_a_letter_with_its_date(personas: Personas) -> None:
    personas.sara.preferred_language = "en"  # the message is read in her language
    personas.sara.save(update_fields=["preferred_language"])
    beto = membership(personas, "beto")
    letter_date = personas.mesa_a.today() - dt.timedelta(days=3)
    resignation = services.record_resignation_letter(
        mesa=personas.mesa_a, membership=beto, on=letter_date, reason="Por carta.", by=actor(personas, "sara")
    )
    beto.refresh_from_db()
    assert beto.ended_on == letter_date and beto.status == Membership.Status.RESIGNED
    assert resignation.by_letter and resignation.recorded_by == membership(personas, "sara")
    [sent] = emails(f"resignation:{beto.public_id}")
    assert sent.to == ["sara@example.org"] and "received by letter" in sent.body_text


def test_a_letter_dated_in_the_future_or_from_another_mesa_is_refused(personas: Personas) -> None:
    beto = membership(personas, "beto")
    with pytest.raises(ValidationError) as exc:
        services.record_resignation_letter(
            mesa=personas.mesa_a,
            membership=beto,
            on=personas.mesa_a.today() + dt.timedelta(days=1),
            by=actor(personas, "sara"),
        )
    assert "on" in exc.value.message_dict
    carla = Membership.objects.get(user=personas.carla)
    with pytest.raises(ValidationError) as exc:
        services.record_resignation_letter(
            mesa=personas.mesa_a, membership=carla, on=personas.mesa_a.today(), by=actor(personas, "sara")
        )
    assert "member" in exc.value.message_dict
    assert not Resignation.objects.exists()


# --- opening cases -------------------------------------------------------------------------------


def test_opening_a_case_seats_the_executive_committee_and_tells_it(personas: Personas) -> None:
    case = honour_case(personas)
    assert case.status == Case.Status.OPEN and case.opened_on == personas.mesa_a.today()
    assert case.committee.kind == Committee.Kind.HONOUR
    seated = {(m.full_name, m.kind) for m in PanelMember.objects.filter(case=case)}
    assert seated == {("Ana Arriaga", "executive"), ("Eva Escobedo", "executive")}
    sent = emails(f"honour-panel:{case.public_id}:")
    assert sorted(e.to[0] for e in sent) == ["ana@example.org", "eva@example.org"]
    # Nothing deliberative travels by e-mail: the facts stay on the platform.
    assert all(SUMMARY not in e.body_text and "Beto" not in e.body_text for e in sent)


def test_the_honour_committee_is_created_once(personas: Personas) -> None:
    first = honour_case(personas)
    second = complaint(personas)
    assert first.committee_id == second.committee_id
    assert Committee.objects.filter(mesa=personas.mesa_a, kind=Committee.Kind.HONOUR).count() == 1


def test_a_citizen_complaint_opens_a_case_without_the_parties_on_its_committee(personas: Personas) -> None:
    case = complaint(personas, by="ana", against="eva")  # both sit on the Executive Committee
    assert case.origin == Case.Origin.COMPLAINT and case.complainant == membership(personas, "ana")
    assert list(PanelMember.objects.filter(case=case).values_list("full_name", flat=True)) == []


def test_complaints_are_for_citizen_members_about_someone_else(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.file_complaint(
            complainant=membership(personas, "sara"),
            respondent=membership(personas, "beto"),
            description="Hechos.",
            by=actor(personas, "sara"),
        )
    beto = membership(personas, "beto")
    with pytest.raises(ValidationError) as exc:
        services.file_complaint(complainant=beto, respondent=beto, description="Hechos.", by=actor(personas, "beto"))
    assert "respondent" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.file_complaint(
            complainant=beto, respondent=membership(personas, "ana"), description="  ", by=actor(personas, "beto")
        )
    assert "description" in exc.value.message_dict
    assert not Case.objects.exists()


def test_the_executive_committee_opens_only_its_own_kinds_of_case(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.open_case(
            mesa=personas.mesa_a,
            origin=Case.Origin.COMPLAINT,
            respondent=membership(personas, "beto"),
            summary="Hechos.",
            by=actor(personas, "eva"),
        )
    assert "origin" in exc.value.message_dict
    carla = Membership.objects.get(user=personas.carla)
    with pytest.raises(ValidationError) as exc:
        services.open_case(
            mesa=personas.mesa_a,
            origin=Case.Origin.WRITTEN_REQUEST,
            respondent=carla,
            summary="Hechos.",
            by=actor(personas, "eva"),
        )
    assert "respondent" in exc.value.message_dict
    assert not Case.objects.exists()


def test_audit_entries_of_a_case_hold_no_text_or_names(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    decide(personas, case, Decision.Sanction.WRITTEN_WARNING)
    events = AuditEvent.objects.filter(object_type__startswith="honour.")
    assert {e.object_type for e in events} >= {"honour.case", "honour.panelmember", "honour.hearing", "honour.decision"}
    for event in events:
        blob = f"{event.object_repr} {event.before} {event.after}"
        assert SUMMARY not in blob and "Escuchado" not in blob and "Consta" not in blob
        assert not any(name in blob for name in ("Beto", "Ana", "Eva", "@example.org"))


# --- the committee of a case ---------------------------------------------------------------------


def test_a_guest_without_an_account_is_listed_by_name_and_told(personas: Personas) -> None:
    case = honour_case(personas)
    guest = services.add_panel_member(
        case=case,
        kind="guest",
        email=" Enlace@Red.example.org ",
        full_name="Enlace de la Red",
        by=actor(personas, "eva"),
    )
    assert guest.user is None and guest.email == "enlace@red.example.org"
    assert emails(f"honour-panel:{case.public_id}:{guest.public_id}")[0].to == ["enlace@red.example.org"]
    with pytest.raises(ValidationError) as exc:
        services.add_panel_member(case=case, kind="guest", email="otro@red.example.org", by=actor(personas, "eva"))
    assert "full_name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_panel_member(case=case, kind="guest", email="no-es-correo", by=actor(personas, "eva"))
    assert "email" in exc.value.message_dict


def test_a_guest_with_an_account_is_linked_to_it(personas: Personas) -> None:
    case = honour_case(personas)
    guest = services.add_panel_member(case=case, kind="guest", email="nora@example.org", by=actor(personas, "eva"))
    assert guest.user == personas.nora and guest.full_name == "Nora Nava"


# --- hearings ------------------------------------------------------------------------------------


def test_one_hearing_per_party_with_a_sensible_date(personas: Personas) -> None:
    case = honour_case(personas)
    eva = actor(personas, "eva")
    today = personas.mesa_a.today()
    for kwargs, field in (
        ({"party": membership(personas, "ana"), "held_on": today}, "party"),  # not a party
        ({"party": membership(personas, "beto"), "held_on": today + dt.timedelta(days=1)}, "held_on"),
        ({"party": membership(personas, "beto"), "held_on": case.opened_on - dt.timedelta(days=1)}, "held_on"),
        ({"party": membership(personas, "beto"), "held_on": None}, "held_on"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.record_hearing(case=case, outcome="heard", by=eva, **kwargs)  # type: ignore[arg-type]
        assert field in exc.value.message_dict
    hear(personas, case, "beto")
    with pytest.raises(ValidationError) as exc:
        hear(personas, case, "beto", outcome=Hearing.Outcome.REFUSED)
    assert "party" in exc.value.message_dict
    assert Hearing.objects.filter(case=case).count() == 1


def test_the_database_keeps_one_hearing_per_party(personas: Personas) -> None:
    case = honour_case(personas)
    hearing = hear(personas, case, "beto")
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.create(case=case, party=hearing.party, outcome="refused", held_on=hearing.held_on)


# --- decisions -----------------------------------------------------------------------------------


def test_no_decision_before_every_party_is_heard(personas: Personas) -> None:
    case = complaint(personas, by="ana", against="beto")
    hear(personas, case, "beto")
    with pytest.raises(ValidationError):
        decide(personas, case, Decision.Sanction.WRITTEN_WARNING)
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and not Decision.objects.exists()


def test_a_written_warning_is_final_and_the_respondent_is_told(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    decision = decide(personas, case, Decision.Sanction.WRITTEN_WARNING)
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.decided_on == personas.mesa_a.today()
    assert membership(personas, "beto").status == Membership.Status.ACTIVE  # a warning suspends nothing
    sent = emails(f"honour-decision:{case.public_id}")
    assert len(sent) == 1 and sent[0].to == ["beto@example.org"]
    with pytest.raises(ValidationError):
        decide(personas, case, Decision.Sanction.NONE)
    assert Decision.objects.get(case=case) == decision


def test_suspension_on_repetition_suspends_the_member(personas: Personas) -> None:
    personas.beto.preferred_language = "en"  # the message is read in his language
    personas.beto.save(update_fields=["preferred_language"])
    first = honour_case(personas)
    hear(personas, first, "beto")
    decide(personas, first, Decision.Sanction.WRITTEN_WARNING)
    second = complaint(personas, by="ana", against="beto")
    hear(personas, second, "beto", outcome=Hearing.Outcome.REFUSED)
    hear(personas, second, "ana")
    decide(personas, second, Decision.Sanction.SUSPENSION_REPEATED)
    beto = Membership.objects.get(user=personas.beto, mesa=personas.mesa_a)
    assert beto.status == Membership.Status.SUSPENDED and beto.ended_on is None
    assert actor_for(personas.beto, personas.mesa_a) is None
    assert "suspended" in emails(f"honour-decision:{second.public_id}")[0].body_text


def test_a_grave_case_suspends_without_prior_warning(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    decision = decide(
        personas, case, Decision.Sanction.SUSPENSION_GRAVE, grave=True, grave_reason="Amenazó a una integrante."
    )
    assert isinstance(decision, Decision) and decision.grave
    assert membership_status(personas) == Membership.Status.SUSPENDED


def membership_status(personas: Personas) -> str:
    return Membership.objects.get(user=personas.beto, mesa=personas.mesa_a).status


def test_a_refused_grading_changes_nothing(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    with pytest.raises(ValidationError) as exc:
        decide(personas, case, Decision.Sanction.SUSPENSION_REPEATED)
    assert "sanction" in exc.value.message_dict
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and membership_status(personas) == Membership.Status.ACTIVE
    assert not emails("honour-decision:")


def test_a_decision_needs_grounds_and_a_date_after_the_hearings(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    with pytest.raises(ValidationError) as exc:
        services.decide_case(
            case=case,
            sanction=Decision.Sanction.NONE,
            grounds=" ",
            decided_on=personas.mesa_a.today() + dt.timedelta(days=1),
            by=actor(personas, "eva"),
        )
    assert set(exc.value.message_dict) == {"grounds", "decided_on"}


def test_the_database_refuses_a_grave_suspension_without_its_reason(personas: Personas) -> None:
    case = honour_case(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=case, sanction="suspension_grave", grave=True, grounds="x", decided_on=case.opened_on
        )


# --- closing -------------------------------------------------------------------------------------


def test_a_case_is_closed_without_a_decision_once(personas: Personas) -> None:
    case = honour_case(personas)
    with pytest.raises(ValidationError) as exc:
        services.close_case(case=case, reason="", by=actor(personas, "eva"))
    assert "reason" in exc.value.message_dict
    services.close_case(case=case, reason="La queja fue retirada.", by=actor(personas, "eva"))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_on == personas.mesa_a.today()
    with pytest.raises(ValidationError):
        services.close_case(case=case, reason="Otra vez.", by=actor(personas, "eva"))
    with pytest.raises(ValidationError):
        hear(personas, case, "beto")
