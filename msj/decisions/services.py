"""Proposals to the Executive Committee, their vote, and applying what it approved (DOMAIN.md §4.5).

A proposal is checked when it is made, so that a vote is never held on something that could
not be done; it is checked again when applied, by the service of the app it concerns. If
the world changed in between (the committee's name was taken, the person left), the approved
proposal is kept as "approved, but not applied" with the reason, and the vote still closes.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees import services as committee_services
from msj.committees.models import Axis, Committee
from msj.decisions import rules
from msj.decisions.models import Proposal, Rating, SecretaryEvaluation
from msj.members.access import Actor
from msj.members.models import Membership, Office
from msj.members.services import appoint_office
from msj.mesas.models import Mesa
from msj.notifications.services import queue_email
from msj.votes import rules as vote_rules
from msj.votes import services as vote_services
from msj.votes.models import Result, Vote

logger = logging.getLogger(__name__)

# The audit trail keeps what was decided, not the evaluation's text nor the manual.
AUDITED_FIELDS = [
    "id",
    "public_id",
    "mesa",
    "kind",
    "status",
    "vote",
    "proposed_by",
    "committee_name",
    "axis",
    "coordinator",
    "alternate",
    "committee",
    "appointee",
    "office",
    "secretary_office",
    "rating",
    "decided_on",
]


def _snapshot(proposal: Proposal) -> dict[str, Any]:
    return snapshot(proposal, fields=AUDITED_FIELDS)


def _current(membership: Membership | None, mesa: Mesa) -> bool:
    return membership is not None and membership.mesa_id == mesa.pk and membership.is_current()


def current_secretary(mesa: Mesa, today: dt.date | None = None) -> Office | None:
    return (
        Office.objects.current(today or mesa.today())
        .filter(mesa=mesa, kind=Office.Kind.SECRETARY)
        .select_related("membership__user")
        .first()
    )


@dataclass(frozen=True)
class EvaluationStatus:
    office: Office
    last: SecretaryEvaluation | None
    due_on: dt.date
    overdue: bool


def evaluation_status(mesa: Mesa, today: dt.date | None = None) -> EvaluationStatus | None:
    """The secretary in office, their last evaluation and when the next one is due; None without a secretary."""
    today = today or mesa.today()
    office = current_secretary(mesa, today)
    if office is None:
        return None
    last = SecretaryEvaluation.objects.filter(office=office).order_by("-evaluated_on", "-id").first()
    due = rules.secretary_evaluation_due(
        started_on=office.started_on,
        last_evaluated_on=last.evaluated_on if last else None,
        review_months=mesa.secretary_review_months,
    )
    return EvaluationStatus(office=office, last=last, due_on=due, overdue=rules.evaluation_is_overdue(due, today))


# --- proposing --------------------------------------------------------------------------------


def _voting(mesa: Mesa, kind: str) -> Any:
    return Proposal.objects.filter(mesa=mesa, kind=kind, status=Proposal.Status.VOTING)


def _check_create(
    errors: dict[str, str],
    mesa: Mesa,
    *,
    name: str,
    axis: Axis | None,
    coordinator: Membership | None,
    alternate: Membership | None,
    manual_text: str,
) -> None:
    if not name:
        errors["committee_name"] = _("Give the committee a name.")
    elif Committee.objects.filter(mesa=mesa, name__iexact=name).exists():
        errors["committee_name"] = _("The Mesa already has a committee with this name.")
    elif _voting(mesa, Proposal.Kind.CREATE_COMMITTEE).filter(committee_name__iexact=name).exists():
        errors["committee_name"] = _("A proposal to create a committee with this name is being voted on.")
    if axis is not None and axis.mesa_id != mesa.pk:
        errors["axis"] = _("Choose one of this Mesa's axes.")
    for field, person in (("coordinator", coordinator), ("alternate", alternate)):
        if person is None or not (_current(person, mesa) and person.is_citizen):
            errors[field] = (
                _("The committee coordinator must be a current citizen member of the Mesa.")
                if field == "coordinator"
                else _("The alternate committee coordinator must be a current citizen member of the Mesa.")
            )
    if coordinator is not None and alternate is not None and coordinator.pk == alternate.pk:
        errors["alternate"] = _("The alternate must be a different person from the coordinator.")
    if not manual_text:
        errors["manual_text"] = _("Write the committee's process manual: its members sign it to open the committee.")


def _question(kind: str, *, name: str = "", rating: str = "") -> str:
    # The question is data of the Mesa, kept in the language its members speak.
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Proposal.Kind.CREATE_COMMITTEE:
            text = _("Create the committee “%(name)s”") % {"name": name}
        elif kind == Proposal.Kind.DISSOLVE_COMMITTEE:
            text = _("Dissolve the committee “%(name)s”") % {"name": name}
        elif kind == Proposal.Kind.APPOINT_SECRETARY:
            text = _("Appoint %(name)s as technical secretary") % {"name": name}
        else:
            text = _("Yearly evaluation of the technical secretary %(name)s: %(rating)s") % {
                "name": name,
                "rating": Rating(rating).label,
            }
    return str(text)[:300]


@transaction.atomic
def propose(
    *,
    mesa: Mesa,
    kind: str,
    by: Any,
    committee_name: str = "",
    axis: Axis | None = None,
    coordinator: Membership | None = None,
    alternate: Membership | None = None,
    manual_text: str = "",
    committee: Committee | None = None,
    appointee: Membership | None = None,
    evaluation_text: str = "",
    rating: str = "",
    request: Any = None,
) -> Proposal:
    """Put a decision to the Executive Committee and open its vote at once (for or against).

    Only members of the Executive Committee propose; its members are the electorate (the
    engine's default for a decision), within the Mesa's window for these votes.
    """
    Mesa.objects.select_for_update().get(pk=mesa.pk)  # one proposal at a time: the duplicate checks hold
    proposer = getattr(by, "membership", None)
    if proposer is None or not getattr(by, "is_executive", False):
        raise ValidationError(_("Only a member of the Executive Committee may put a decision to it."))
    errors: dict[str, str] = {}
    committee_name = committee_name.strip()
    manual_text = manual_text.strip()
    evaluation_text = evaluation_text.strip()
    secretary_office = None
    name = ""
    if kind == Proposal.Kind.CREATE_COMMITTEE:
        _check_create(
            errors,
            mesa,
            name=committee_name,
            axis=axis,
            coordinator=coordinator,
            alternate=alternate,
            manual_text=manual_text,
        )
        name = committee_name
    elif kind == Proposal.Kind.DISSOLVE_COMMITTEE:
        if committee is None or committee.mesa_id != mesa.pk:
            errors["committee"] = _("Choose one of this Mesa's committees.")
        elif committee.is_core:
            errors["committee"] = _(
                "The Executive and the Indicators committees exist as long as the Mesa does: they cannot be dissolved."
            )
        elif committee.is_dissolved:
            errors["committee"] = _("This committee has already been dissolved.")
        elif _voting(mesa, kind).filter(committee=committee).exists():
            errors["committee"] = _("A proposal to dissolve this committee is being voted on.")
        else:
            name = committee.name
    elif kind == Proposal.Kind.APPOINT_SECRETARY:
        office = current_secretary(mesa)
        if appointee is None or not _current(appointee, mesa):
            errors["appointee"] = _("Choose a current member of the Mesa.")
        elif appointee.kind not in {Membership.Kind.STAFF, Membership.Kind.CITIZEN}:
            errors["appointee"] = _("The technical secretary must be staff of the Mesa or a citizen member.")
        elif office is not None and office.membership_id == appointee.pk:
            errors["appointee"] = _("This person is the technical secretary already.")
        elif _voting(mesa, kind).exists():
            errors["appointee"] = _("A proposal to appoint the technical secretary is being voted on.")
        else:
            name = appointee.user.full_name
    elif kind == Proposal.Kind.EVALUATE_SECRETARY:
        secretary_office = current_secretary(mesa)
        if secretary_office is None:
            errors["rating"] = _("The Mesa has no technical secretary in office to evaluate.")
        elif _voting(mesa, kind).exists():
            errors["rating"] = _("An evaluation of the technical secretary is being voted on.")
        else:
            name = secretary_office.membership.user.full_name
        if rating not in Rating.values:
            errors["rating"] = _("Choose a rating.")
        if not evaluation_text:
            errors["evaluation_text"] = _("Write the evaluation.")
    else:
        raise ValidationError(_("Unknown kind of decision."))
    if errors:
        raise ValidationError(errors)
    vote = vote_services.open_vote(
        mesa=mesa,
        kind=Vote.Kind.DECISION,
        question=_question(kind, name=name, rating=rating),
        options=vote_services.for_against(),
        by=by,
        request=request,
    )
    proposal = Proposal(
        mesa=mesa,
        kind=kind,
        vote=vote,
        proposed_by=proposer,
        committee_name=committee_name if kind == Proposal.Kind.CREATE_COMMITTEE else "",
        axis=axis if kind == Proposal.Kind.CREATE_COMMITTEE else None,
        coordinator=coordinator if kind == Proposal.Kind.CREATE_COMMITTEE else None,
        alternate=alternate if kind == Proposal.Kind.CREATE_COMMITTEE else None,
        manual_text=manual_text if kind == Proposal.Kind.CREATE_COMMITTEE else "",
        committee=committee if kind == Proposal.Kind.DISSOLVE_COMMITTEE else None,
        appointee=appointee if kind == Proposal.Kind.APPOINT_SECRETARY else None,
        secretary_office=secretary_office,
        evaluation_text=evaluation_text if kind == Proposal.Kind.EVALUATE_SECRETARY else "",
        rating=rating if kind == Proposal.Kind.EVALUATE_SECRETARY else "",
    )
    proposal.full_clean()
    proposal.save()
    record(AuditEvent.Action.CREATE, obj=proposal, actor=by, mesa=mesa, after=_snapshot(proposal), request=request)
    return proposal


# --- applying what was decided ---------------------------------------------------------------------


def minutes_reference(vote: Vote, decided_on: dt.date) -> str:
    """Where a decision taken by vote stands: the vote itself, by its date and public id."""
    with translation.override(settings.LANGUAGE_CODE):
        date = formats.date_format(decided_on, "SHORT_DATE_FORMAT")
        text = _("Executive Committee vote of %(date)s (%(vote)s)") % {"date": date, "vote": vote.public_id}
    return str(text)


def _apply(proposal: Proposal, by: Actor, decided_on: dt.date) -> None:
    reference = minutes_reference(proposal.vote, decided_on)
    mesa = proposal.mesa
    if proposal.kind == Proposal.Kind.CREATE_COMMITTEE:
        proposal.committee = committee_services.create_committee(
            mesa=mesa,
            name=proposal.committee_name,
            coordinator=proposal.coordinator,
            alternate=proposal.alternate,
            manual_text=proposal.manual_text,
            decided_on=decided_on,
            minutes_reference=reference,
            axis=proposal.axis,
            by=by,
        )
    elif proposal.kind == Proposal.Kind.DISSOLVE_COMMITTEE:
        assert proposal.committee is not None  # noqa: S101 - a database constraint
        committee_services.dissolve_committee(
            committee=proposal.committee, decided_on=decided_on, minutes_reference=reference, by=by
        )
    elif proposal.kind == Proposal.Kind.APPOINT_SECRETARY:
        assert proposal.appointee is not None  # noqa: S101 - a database constraint
        proposal.office = appoint_office(
            membership=proposal.appointee, kind=Office.Kind.SECRETARY, started_on=decided_on, by=by
        )
    else:
        assert proposal.secretary_office is not None  # noqa: S101 - a database constraint
        evaluation = SecretaryEvaluation(
            mesa=mesa,
            office=proposal.secretary_office,
            evaluated_on=decided_on,
            rating=proposal.rating,
            text=proposal.evaluation_text,
            proposal=proposal,
        )
        evaluation.full_clean()
        evaluation.save()
        record(
            AuditEvent.Action.CREATE,
            obj=evaluation,
            actor=by,
            mesa=mesa,
            after=snapshot(evaluation, fields=["id", "public_id", "office", "evaluated_on", "rating"]),
        )


STATUS_BY_OUTCOME = {
    vote_rules.REJECTED: Proposal.Status.REJECTED,
    vote_rules.INVALID: Proposal.Status.INVALID,
}


def record_outcome(*, vote: Vote, result: Result) -> Proposal | None:
    """Receiver of `vote_closed`: apply an approved proposal; called inside the closing transaction.

    Idempotent (a proposal is decided once) and it never touches the vote. A refusal by the
    service applying it is kept on the proposal, inside a savepoint, so the vote still closes.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("mesa", "proposed_by__user", "committee", "appointee__user", "secretary_office")
        .filter(vote=vote)
        .first()
    )
    if proposal is None or proposal.status != Proposal.Status.VOTING:
        return proposal
    mesa = proposal.mesa
    before = _snapshot(proposal)
    decided_on = timezone.localdate(vote.closed_at or timezone.now(), timezone=mesa.tzinfo)
    proposal.decided_on = decided_on
    if result.outcome == vote_rules.APPROVED:
        # The decision is the committee's; the proposer's name stands on the records it leaves.
        by = Actor(user=proposal.proposed_by.user, mesa=mesa, membership=proposal.proposed_by)
        try:
            with transaction.atomic():
                _apply(proposal, by, decided_on)
        except ValidationError as exc:
            proposal.status = Proposal.Status.NOT_APPLIED
            proposal.note = " ".join(exc.messages)
            proposal.office = None
            if proposal.kind == Proposal.Kind.CREATE_COMMITTEE:
                proposal.committee = None
        else:
            proposal.status = Proposal.Status.APPLIED
    else:
        proposal.status = STATUS_BY_OUTCOME.get(result.outcome, Proposal.Status.REJECTED)
    proposal.save(update_fields=["status", "decided_on", "note", "committee", "office", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=proposal, mesa=mesa, before=before, after=_snapshot(proposal))
    _notify(proposal)
    return proposal


def _notify(proposal: Proposal) -> None:
    """Tell the proposer, the technical secretary and the person concerned what became of the proposal."""
    mesa = proposal.mesa
    users = {proposal.proposed_by.user}
    secretary = current_secretary(mesa)
    if secretary is not None:
        users.add(secretary.membership.user)
    if proposal.appointee is not None and proposal.status == Proposal.Status.APPLIED:
        users.add(proposal.appointee.user)
    if proposal.secretary_office is not None and proposal.status == Proposal.Status.APPLIED:
        users.add(proposal.secretary_office.membership.user)
    path = reverse("decisions:detail", kwargs={"mesa_slug": mesa.slug, "public_id": proposal.public_id})
    for user in sorted(users, key=lambda u: u.pk):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE), timezone.override(mesa.tzinfo):
            subject = _("Executive Committee decision, %(mesa)s: %(status)s") % {
                "mesa": mesa.name,
                "status": proposal.get_status_display(),
            }
            body = render_to_string(
                "decisions/email/outcome.txt",
                {"mesa": mesa, "recipient": user, "proposal": proposal, "url": settings.SITE_URL.rstrip("/") + path},
            )
        queue_email(
            key=f"decision-outcome:{proposal.public_id}:{user.public_id}",
            to=[user.email],
            subject=subject,
            body_text=body,
            mesa=mesa,
        )
