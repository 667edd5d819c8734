"""The named rules of the Honour and Justice Committee, at their edges (DOMAIN.md §4.3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from msj.committees.testing import actor, membership
from msj.honour import services
from msj.honour.models import Case, Decision, Hearing, PanelMember
from msj.honour.rules import case_may_be_decided, check_panel_addition, check_sanction, parties_not_heard
from msj.honour.testing import honour_case
from msj.honour.tests.helpers import citizen, complaint, decide, former_coordinator, hear
from msj.members.models import Membership
from msj.members.testing import Personas

# --- check_panel_addition: up to three former coordinators and up to three guests ----------------


def add_former(personas: Personas, case: Case, person: Membership) -> PanelMember:
    return services.add_panel_member(
        case=case, kind=PanelMember.Kind.FORMER_COORDINATOR, former_coordinator=person, by=actor(personas, "eva")
    )


def add_guest(personas: Personas, case: Case, email: str, name: str = "Invitada") -> PanelMember:
    return services.add_panel_member(
        case=case, kind=PanelMember.Kind.GUEST, email=email, full_name=name, by=actor(personas, "eva")
    )


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_three_former_coordinators_are_allowed_and_a_fourth_is_refused(personas: Personas) -> None:
    case = honour_case(personas)
    formers = [former_coordinator(personas, f"Exco{i}") for i in range(4)]
    for person in formers[:3]:
        add_former(personas, case, person)
    assert PanelMember.objects.filter(case=case, kind=PanelMember.Kind.FORMER_COORDINATOR).count() == 3
    with pytest.raises(ValidationError) as exc:
        check_panel_addition(case=case, kind=PanelMember.Kind.FORMER_COORDINATOR, membership=formers[3])
    assert "three former coordinators" in field_errors(exc)["former_coordinator"][0]
    with pytest.raises(ValidationError):
        add_former(personas, case, formers[3])
    assert PanelMember.objects.filter(case=case, kind=PanelMember.Kind.FORMER_COORDINATOR).count() == 3


def test_three_guests_are_allowed_and_a_fourth_is_refused(personas: Personas) -> None:
    case = honour_case(personas)
    for i in range(3):
        add_guest(personas, case, f"invitado{i}@red.example.org")
    # Former coordinators do not count against the guests, nor guests against them.
    add_former(personas, case, former_coordinator(personas, "Exco"))
    with pytest.raises(ValidationError) as exc:
        add_guest(personas, case, "cuarto@red.example.org")
    assert "three guests" in field_errors(exc)["email"][0]
    assert PanelMember.objects.filter(case=case, kind=PanelMember.Kind.GUEST).count() == 3


def test_only_someone_who_held_the_coordinator_office_here_is_a_former_coordinator(personas: Personas) -> None:
    case = honour_case(personas)
    never = citizen(personas, "Nunca")
    with pytest.raises(ValidationError) as exc:
        check_panel_addition(case=case, kind=PanelMember.Kind.FORMER_COORDINATOR, membership=never)
    assert "former_coordinator" in field_errors(exc)
    # Ana is the coordinator now, with no ended term: she sits by office, not as a former one.
    with pytest.raises(ValidationError):
        check_panel_addition(
            case=case, kind=PanelMember.Kind.FORMER_COORDINATOR, membership=membership(personas, "ana")
        )


def test_a_former_coordinator_of_another_mesa_is_refused(personas: Personas) -> None:
    case = honour_case(personas)
    other = former_coordinator(personas, "Otra")
    other.mesa = personas.mesa_b
    other.save(update_fields=["mesa"])
    with pytest.raises(ValidationError):
        check_panel_addition(case=case, kind=PanelMember.Kind.FORMER_COORDINATOR, membership=other)


def test_parties_officials_and_executives_never_join_as_guests(personas: Personas) -> None:
    case = honour_case(personas)  # against Beto
    for email, expected in (
        ("beto@example.org", "party"),
        ("olga@example.org", "Officials"),
        ("eva@example.org", "Executive Committee"),
    ):
        with pytest.raises(ValidationError) as exc:
            add_guest(personas, case, email)
        assert expected in field_errors(exc)["email"][0], email
    add_guest(personas, case, "nora@example.org")
    with pytest.raises(ValidationError) as exc:
        add_guest(personas, case, "NORA@example.org")
    assert "already on the committee" in field_errors(exc)["email"][0]


def test_the_committee_of_a_decided_case_does_not_change(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    decide(personas, case, Decision.Sanction.NONE)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        check_panel_addition(case=case, kind=PanelMember.Kind.GUEST, email="alguien@red.example.org")


# --- case_may_be_decided: every party heard, or their refusal recorded ---------------------------


def test_a_case_without_complainant_waits_for_the_respondent_only(personas: Personas) -> None:
    case = honour_case(personas)
    assert not case_may_be_decided(case)
    assert parties_not_heard(case) == [membership(personas, "beto")]
    hear(personas, case, "beto")
    assert case_may_be_decided(case)


def test_a_complaint_waits_for_both_parties(personas: Personas) -> None:
    case = complaint(personas, by="ana", against="beto")
    hear(personas, case, "beto")
    assert not case_may_be_decided(case)  # the complainant is not heard yet
    assert parties_not_heard(case) == [membership(personas, "ana")]
    hear(personas, case, "ana", outcome=Hearing.Outcome.REFUSED)  # a refusal counts as much
    assert case_may_be_decided(case)


def test_a_refusal_of_the_respondent_allows_the_decision(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto", outcome=Hearing.Outcome.REFUSED)
    assert case_may_be_decided(case)


def test_a_decided_case_may_not_be_decided_again(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    decide(personas, case, Decision.Sanction.WRITTEN_WARNING)
    case.refresh_from_db()
    assert not case_may_be_decided(case)


# --- check_sanction: warning, suspension on repetition, grave suspension -------------------------


def test_no_sanction_and_a_written_warning_are_always_allowed(personas: Personas) -> None:
    case = honour_case(personas)
    for sanction in (Decision.Sanction.NONE, Decision.Sanction.WRITTEN_WARNING):
        check_sanction(case=case, sanction=sanction, grave=False, grave_reason="")


def test_suspension_on_repetition_needs_a_prior_written_warning_in_a_decided_case(personas: Personas) -> None:
    first = honour_case(personas)
    with pytest.raises(ValidationError) as exc:
        check_sanction(case=first, sanction=Decision.Sanction.SUSPENSION_REPEATED, grave=False, grave_reason="")
    assert "sanction" in field_errors(exc)
    hear(personas, first, "beto")
    decide(personas, first, Decision.Sanction.WRITTEN_WARNING)
    second = complaint(personas, by="ana", against="beto")
    check_sanction(case=second, sanction=Decision.Sanction.SUSPENSION_REPEATED, grave=False, grave_reason="")


def test_a_prior_case_without_a_warning_does_not_count_as_repetition(personas: Personas) -> None:
    first = honour_case(personas)
    hear(personas, first, "beto")
    decide(personas, first, Decision.Sanction.NONE)
    second = complaint(personas, by="ana", against="beto")
    with pytest.raises(ValidationError):
        check_sanction(case=second, sanction=Decision.Sanction.SUSPENSION_REPEATED, grave=False, grave_reason="")


def test_a_warning_to_someone_else_does_not_count_as_repetition(personas: Personas) -> None:
    other = complaint(personas, by="ana", against="eva")
    hear(personas, other, "eva")
    hear(personas, other, "ana")
    services.decide_case(
        case=other,
        sanction=Decision.Sanction.WRITTEN_WARNING,
        grounds="Consta.",
        decided_on=personas.mesa_a.today(),
        by=actor(personas, "beto"),
    )
    case = honour_case(personas)  # against Beto
    with pytest.raises(ValidationError):
        check_sanction(case=case, sanction=Decision.Sanction.SUSPENSION_REPEATED, grave=False, grave_reason="")


def test_suspension_without_warning_needs_a_grave_case_and_its_reason(personas: Personas) -> None:
    case = honour_case(personas)
    grave = Decision.Sanction.SUSPENSION_GRAVE
    with pytest.raises(ValidationError) as exc:
        check_sanction(case=case, sanction=grave, grave=False, grave_reason="Amenazas.")
    assert "grave" in field_errors(exc)
    with pytest.raises(ValidationError) as exc:
        check_sanction(case=case, sanction=grave, grave=True, grave_reason="  ")
    assert "grave_reason" in field_errors(exc)
    check_sanction(case=case, sanction=grave, grave=True, grave_reason="Amenazó a un funcionario.")


def test_a_grave_case_leads_to_the_grave_suspension_and_an_unknown_sanction_is_refused(personas: Personas) -> None:
    case = honour_case(personas)
    with pytest.raises(ValidationError) as exc:
        check_sanction(case=case, sanction=Decision.Sanction.WRITTEN_WARNING, grave=True, grave_reason="Grave.")
    assert "grave" in field_errors(exc)
    with pytest.raises(ValidationError) as exc:
        check_sanction(case=case, sanction="expulsion", grave=False, grave_reason="")
    assert "sanction" in field_errors(exc)
