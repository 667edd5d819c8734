"""Proposals to the Executive Committee: checked, voted on, and applied by the receiver of the close."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from msj.committees.models import Committee, CommitteeDecision
from msj.committees.obligations import add_months
from msj.committees.testing import actor, committee_fixtures, membership
from msj.decisions import services
from msj.decisions.models import Proposal, SecretaryEvaluation
from msj.decisions.testing import proposal_fixture
from msj.members.models import Office
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail
from msj.votes import services as vote_services
from msj.votes.models import Elector, Vote

pytestmark = pytest.mark.django_db


def vote(proposal: Proposal, *choices: str) -> Proposal:
    """Ana and Eva, the Executive Committee, vote in that order; the last ballot closes the vote."""
    for name, key in zip(["ana@example.org", "eva@example.org"], choices, strict=False):
        elector = Elector.objects.get(vote=proposal.vote, email=name)
        vote_services.cast_ballot(vote=proposal.vote, elector=elector, option_key=key, channel="app")
    proposal.refresh_from_db()
    return proposal


def test_a_proposal_is_voted_on_by_the_executive_committee(personas: Personas) -> None:
    proposal = proposal_fixture(personas)
    assert proposal.status == Proposal.Status.VOTING
    assert proposal.vote.kind == Vote.Kind.DECISION
    assert "Movilidad segura" in proposal.vote.question
    assert set(Elector.objects.filter(vote=proposal.vote).values_list("email", flat=True)) == {
        "ana@example.org",
        "eva@example.org",
    }


def test_only_the_executive_committee_proposes(personas: Personas) -> None:
    for name in ("beto", "sara"):
        with pytest.raises(ValidationError, match="Only a member of the Executive Committee"):
            services.propose(
                mesa=personas.mesa_a,
                kind=Proposal.Kind.EVALUATE_SECRETARY,
                by=actor(personas, name),
                rating="satisfactory",
                evaluation_text="Bien.",
            )


def test_an_approved_creation_creates_the_committee_with_a_reference_to_the_vote(personas: Personas) -> None:
    proposal = vote(proposal_fixture(personas), "for", "for")
    assert proposal.status == Proposal.Status.APPLIED
    committee = Committee.objects.get(mesa=personas.mesa_a, name="Movilidad segura")
    assert proposal.committee == committee
    decision = CommitteeDecision.objects.get(committee=committee)
    assert decision.kind == CommitteeDecision.Kind.CREATE
    assert decision.recorded_by == membership(personas, "eva")
    assert decision.decided_on == personas.mesa_a.today()
    assert decision.minutes_reference == services.minutes_reference(proposal.vote, personas.mesa_a.today())
    assert str(proposal.vote.public_id) in decision.minutes_reference
    # Applying again changes nothing.
    again = services.record_outcome(vote=proposal.vote, result=proposal.vote.result)
    assert again is not None and again.status == Proposal.Status.APPLIED
    assert Committee.objects.filter(name="Movilidad segura").count() == 1
    # The proposer and the secretary hear of it, once each.
    keys = OutboundEmail.objects.filter(idempotency_key__startswith="decision-outcome:")
    assert sorted(e.to[0] for e in keys) == ["eva@example.org", "sara@example.org"]


def test_a_tie_rejects_and_a_single_ballot_is_no_quorum(personas: Personas) -> None:
    rejected = vote(proposal_fixture(personas), "for", "against")
    assert rejected.status == Proposal.Status.REJECTED
    assert not Committee.objects.filter(name="Movilidad segura").exists()
    fixtures = committee_fixtures(personas)
    proposal = services.propose(
        mesa=personas.mesa_a,
        kind=Proposal.Kind.DISSOLVE_COMMITTEE,
        by=actor(personas, "ana"),
        committee=fixtures.prevention,
    )
    vote(proposal, "for")
    with time_machine.travel(proposal.vote.closes_at, tick=False):
        vote_services.close_due_votes()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INVALID  # 1 of 2 is not more than half
    assert Committee.objects.get(pk=fixtures.prevention.pk).dissolved_on is None


def test_an_approved_dissolution_dissolves_the_committee(personas: Personas) -> None:
    fixtures = committee_fixtures(personas)
    ana = actor(personas, "ana")
    with pytest.raises(ValidationError) as refused:
        services.propose(
            mesa=personas.mesa_a, kind=Proposal.Kind.DISSOLVE_COMMITTEE, by=ana, committee=fixtures.indicators
        )
    assert "committee" in refused.value.message_dict
    proposal = services.propose(
        mesa=personas.mesa_a, kind=Proposal.Kind.DISSOLVE_COMMITTEE, by=ana, committee=fixtures.prevention
    )
    with pytest.raises(ValidationError, match="being voted on"):
        services.propose(
            mesa=personas.mesa_a, kind=Proposal.Kind.DISSOLVE_COMMITTEE, by=ana, committee=fixtures.prevention
        )
    vote(proposal, "for", "for")
    assert proposal.status == Proposal.Status.APPLIED
    assert Committee.objects.get(pk=fixtures.prevention.pk).dissolved_on == personas.mesa_a.today()
    assert CommitteeDecision.objects.filter(committee=fixtures.prevention, kind="dissolve").exists()


def test_an_approved_appointment_changes_the_technical_secretary(personas: Personas) -> None:
    eva = actor(personas, "eva")
    with pytest.raises(ValidationError) as refused:
        services.propose(
            mesa=personas.mesa_a, kind=Proposal.Kind.APPOINT_SECRETARY, by=eva, appointee=membership(personas, "olga")
        )
    assert "staff of the Mesa or a citizen" in str(refused.value.message_dict["appointee"])
    with pytest.raises(ValidationError, match="already"):
        services.propose(
            mesa=personas.mesa_a, kind=Proposal.Kind.APPOINT_SECRETARY, by=eva, appointee=membership(personas, "sara")
        )
    beto = membership(personas, "beto")
    proposal = vote(
        services.propose(mesa=personas.mesa_a, kind=Proposal.Kind.APPOINT_SECRETARY, by=eva, appointee=beto),
        "for",
        "for",
    )
    assert proposal.status == Proposal.Status.APPLIED
    today = personas.mesa_a.today()
    secretary = Office.objects.current(today).get(mesa=personas.mesa_a, kind=Office.Kind.SECRETARY)
    assert secretary.membership == beto and proposal.office == secretary
    assert Office.objects.get(membership=membership(personas, "sara"), kind=Office.Kind.SECRETARY).ended_on == today
    assert OutboundEmail.objects.filter(
        idempotency_key__startswith="decision-outcome:", to=["beto@example.org"]
    ).exists()


def test_an_approved_evaluation_is_stored_and_moves_the_due_date(personas: Personas) -> None:
    mesa = personas.mesa_a
    status = services.evaluation_status(mesa)
    assert status is not None and status.last is None
    assert status.due_on == dt.date(2025, 1, 15)  # a year after Sara took office
    assert status.overdue
    with pytest.raises(ValidationError) as refused:
        services.propose(mesa=mesa, kind=Proposal.Kind.EVALUATE_SECRETARY, by=actor(personas, "eva"), rating="great")
    assert set(refused.value.message_dict) == {"rating", "evaluation_text"}
    proposal = services.propose(
        mesa=mesa,
        kind=Proposal.Kind.EVALUATE_SECRETARY,
        by=actor(personas, "eva"),
        rating="needs_improvement",
        evaluation_text="Las actas llegan tarde.",
    )
    vote(proposal, "for", "for")
    evaluation = SecretaryEvaluation.objects.get()
    assert (evaluation.rating, evaluation.text, evaluation.evaluated_on) == (
        "needs_improvement",
        "Las actas llegan tarde.",
        mesa.today(),
    )
    status = services.evaluation_status(mesa)
    assert status is not None and status.last == evaluation
    assert status.due_on == add_months(mesa.today(), 12)
    assert not status.overdue


def test_an_approved_proposal_that_can_no_longer_be_applied_is_kept_with_the_reason(personas: Personas) -> None:
    proposal = proposal_fixture(personas)
    # Meanwhile a committee with the same name was recorded another way.
    fixtures = committee_fixtures(personas)
    Committee.objects.filter(pk=fixtures.dissolved.pk).update(name="Movilidad segura")
    proposal = vote(proposal, "for", "for")
    assert proposal.status == Proposal.Status.NOT_APPLIED
    assert "already has a committee with this name" in proposal.note
    assert proposal.vote.status == Vote.Status.CLOSED  # the vote closed all the same
