"""Who sees and does what in the honour capability, persona by persona (DOMAIN.md §4.3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from msj.committees.testing import actor
from msj.honour import services
from msj.honour.models import Case, PanelMember
from msj.honour.policies import honour_policy
from msj.honour.testing import honour_case
from msj.honour.tests.helpers import complaint, former_coordinator
from msj.members.access import Actor, actor_for
from msj.members.testing import Personas

CASE_ACTIONS = ("view", "record_hearing", "decide", "close", "add_panel_member")


def nora(personas: Personas) -> Actor:
    result = actor_for(personas.nora, personas.mesa_a)
    assert result is not None
    return result


def visible(who: Actor) -> list[Case]:
    return list(honour_policy.visible(who, Case.objects.all()))


def test_the_executive_committee_sees_and_acts_on_the_case(personas: Personas) -> None:
    case = honour_case(personas)
    for name in ("ana", "eva"):
        who = actor(personas, name)
        assert visible(who) == [case]
        assert all(honour_policy.can(who, a, case) for a in CASE_ACTIONS)
        assert honour_policy.can(who, "list") and honour_policy.can(who, "open")


def test_the_respondent_does_not_see_the_case(personas: Personas) -> None:
    case = honour_case(personas)
    beto = actor(personas, "beto")
    assert visible(beto) == []
    assert not any(honour_policy.can(beto, a, case) for a in CASE_ACTIONS)
    with pytest.raises(PermissionDenied):
        honour_policy.require(beto, "list")
    assert honour_policy.can(beto, "complain") and honour_policy.can(beto, "resign")
    assert not honour_policy.can(beto, "open") and not honour_policy.can(beto, "record_resignation")


def test_a_party_on_the_executive_committee_does_not_judge_the_case(personas: Personas) -> None:
    case = complaint(personas, by="ana", against="eva")
    for name in ("ana", "eva"):
        assert case not in visible(actor(personas, name))
    assert visible(actor(personas, "ana")) == []


def test_the_secretary_keeps_resignations_but_sees_no_case(personas: Personas) -> None:
    case = honour_case(personas)
    sara = actor(personas, "sara")
    assert visible(sara) == []
    assert honour_policy.can(sara, "record_resignation") and honour_policy.can(sara, "resign")
    assert not honour_policy.can(sara, "complain") and not honour_policy.can(sara, "open")
    assert not any(honour_policy.can(sara, a, case) for a in CASE_ACTIONS)
    with pytest.raises(PermissionDenied):
        honour_policy.require(sara, "list")


def test_officials_get_404_for_everything(personas: Personas) -> None:
    case = honour_case(personas)
    olga = actor(personas, "olga")
    assert visible(olga) == []
    for action in ("list", "resign", "record_resignation", "complain", "open", *CASE_ACTIONS):
        with pytest.raises(Http404):
            honour_policy.require(olga, action, case)


def test_network_staff_get_404_unless_listed_as_a_guest_of_the_case(personas: Personas) -> None:
    case = honour_case(personas)
    other = complaint(personas, by="beto", against="ana")
    staff = nora(personas)
    assert visible(staff) == []
    for action in ("list", "resign", "complain", *CASE_ACTIONS):
        with pytest.raises(Http404):
            honour_policy.require(staff, action, case)
    services.add_panel_member(case=case, kind="guest", email="nora@example.org", by=actor(personas, "eva"))
    assert visible(staff) == [case]  # the other case stays out of sight
    assert other not in visible(staff)
    honour_policy.require(staff, "list")
    honour_policy.require(staff, "view", case)
    honour_policy.require(staff, "record_hearing", case)
    with pytest.raises(Http404):
        honour_policy.require(staff, "add_panel_member", case)  # the Executive Committee names the committee


def test_a_listed_former_coordinator_sees_only_the_cases_listing_them(personas: Personas) -> None:
    case = honour_case(personas)
    other = complaint(personas, by="beto", against="ana")
    person = former_coordinator(personas, "Exco")
    services.add_panel_member(
        case=case, kind=PanelMember.Kind.FORMER_COORDINATOR, former_coordinator=person, by=actor(personas, "eva")
    )
    who = actor_for(person.user, personas.mesa_a)
    assert who is not None
    assert visible(who) == [case] and other not in visible(who)
    assert honour_policy.can(who, "list") and honour_policy.can(who, "decide", case)
    assert not honour_policy.can(who, "add_panel_member", case) and not honour_policy.can(who, "open")


def test_another_mesa_sees_none_of_the_cases(personas: Personas) -> None:
    honour_case(personas)
    carla = actor_for(personas.carla, personas.mesa_b)
    assert carla is not None
    assert visible(carla) == []
