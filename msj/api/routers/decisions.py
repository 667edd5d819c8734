"""The Executive Committee's decisions by vote: proposals, their outcome, the secretary's evaluation.

Every operation goes through the proposals' one policy (msj/decisions/policies.py): the
Executive Committee and the technical secretary see them, only the Executive Committee
proposes, and everyone else gets 404, as on the web.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.schemas import MemberRef
from msj.decisions import services
from msj.decisions.forms import FORMS
from msj.decisions.models import Proposal, Rating
from msj.decisions.policies import proposal_policy

router = Router(tags=["decisions"])


class ProposalCommitteeRef(Schema):
    public_id: uuid.UUID
    name: str


class ProposalOut(Schema):
    public_id: uuid.UUID
    kind: Proposal.Kind
    status: Proposal.Status
    question: str
    vote: uuid.UUID = Field(description="The Executive Committee's vote (msj votes): cast and verify it there.")
    closes_at: dt.datetime
    proposed_by: MemberRef
    committee_name: str
    coordinator: MemberRef | None
    alternate: MemberRef | None
    manual_text: str
    committee: ProposalCommitteeRef | None = Field(
        description="The committee to dissolve, or the one created once applied."
    )
    appointee: MemberRef | None
    rating: Rating | None
    evaluation_text: str
    decided_on: dt.date | None
    note: str = Field(description="Why an approved proposal could not be applied.")

    @staticmethod
    def resolve_question(obj: Proposal) -> str:
        return obj.vote.question

    @staticmethod
    def resolve_vote(obj: Proposal) -> uuid.UUID:
        return obj.vote.public_id

    @staticmethod
    def resolve_closes_at(obj: Proposal) -> dt.datetime:
        return obj.vote.closes_at

    @staticmethod
    def resolve_rating(obj: Proposal) -> str | None:
        return obj.rating or None


class ProposalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Proposal.Kind
    committee_name: str = Field("", description="create_committee: the new committee's name.")
    axis: uuid.UUID | None = Field(None, description="create_committee: one of the Mesa's axes.")
    coordinator: uuid.UUID | None = Field(None, description="create_committee: a current citizen member.")
    alternate: uuid.UUID | None = Field(None, description="create_committee: another current citizen member.")
    manual_text: str = Field("", description="create_committee: the committee's process manual.")
    committee: uuid.UUID | None = Field(None, description="dissolve_committee: the committee to dissolve.")
    appointee: uuid.UUID | None = Field(None, description="appoint_secretary: staff of the Mesa or a citizen member.")
    rating: Rating | None = Field(None, description="evaluate_secretary.")
    evaluation_text: str = Field("", description="evaluate_secretary.")


class SecretaryEvaluationOut(Schema):
    secretary: MemberRef
    in_office_since: dt.date
    last_evaluated_on: dt.date | None
    last_rating: Rating | None
    due_on: dt.date = Field(description="The last evaluation (or taking office) plus the Mesa's review period.")
    overdue: bool


def _proposals(actor: Any) -> QuerySet[Proposal]:
    return proposal_policy.visible(actor, Proposal.objects.all()).select_related(
        "vote", "proposed_by__user", "coordinator__user", "alternate__user", "committee", "appointee__user"
    )


@router.get("/mesas/{slug}/decisions", response=list[ProposalOut], summary="List the proposals", url_name="proposals")
@paginate
def list_proposals(request: HttpRequest, slug: str, status: Proposal.Status | None = None) -> QuerySet[Proposal]:
    """The proposals put to the Executive Committee, the latest first (the committee and the secretary)."""
    actor = mesa_actor(request, slug)
    proposal_policy.require(actor, "view")
    proposals = _proposals(actor)
    if status is not None:
        proposals = proposals.filter(status=status)
    return proposals.order_by("-created_at", "-pk")


@router.get(
    "/mesas/{slug}/decisions/{uuid:public_id}", response=ProposalOut, summary="Get a proposal", url_name="proposal"
)
def get_proposal(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Proposal:
    """A proposal with its fields, its status and, once decided, the date and any reason it was not applied."""
    actor = mesa_actor(request, slug)
    proposal_policy.require(actor, "view")
    proposal: Proposal = proposal_policy.get(actor, _proposals(actor), public_id)
    return proposal


@router.post(
    "/mesas/{slug}/decisions", response={201: ProposalOut}, summary="Make a proposal", url_name="proposal_create"
)
def create_proposal(request: HttpRequest, slug: str, payload: ProposalIn) -> Status[Proposal]:
    """Put a decision to the Executive Committee; its vote opens at once, and an approved proposal is
    applied when the vote closes. Only members of the Executive Committee propose (the secretary: 403)."""
    actor = mesa_actor(request, slug)
    proposal_policy.require(actor, "propose")
    values = payload.model_dump()
    kind = values.pop("kind")
    form = FORMS[kind](form_data(values), mesa=actor.mesa)  # type: ignore[call-arg]
    data = valid(form)
    proposal = services.propose(mesa=actor.mesa, kind=kind, by=actor, request=request, **data)
    return Status(201, _proposals(actor).get(pk=proposal.pk))


@router.get(
    "/mesas/{slug}/secretary-evaluation",
    response=SecretaryEvaluationOut,
    summary="When the technical secretary's evaluation is due",
    url_name="secretary_evaluation",
)
def secretary_evaluation(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The technical secretary in office, their last yearly evaluation and when the next is due (404 without one)."""
    actor = mesa_actor(request, slug)
    proposal_policy.require(actor, "view")
    status = services.evaluation_status(actor.mesa)
    if status is None:
        raise Http404
    return {
        "secretary": status.office.membership,
        "in_office_since": status.office.started_on,
        "last_evaluated_on": status.last.evaluated_on if status.last else None,
        "last_rating": status.last.rating if status.last else None,
        "due_on": status.due_on,
        "overdue": status.overdue,
    }
