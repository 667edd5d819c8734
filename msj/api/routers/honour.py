"""Leaving a Mesa, complaints and the Honour and Justice Committee: resignations, cases, their
committee, hearings, decisions and closing — the same policy, forms and services as the web (msj/honour).

A case is for its committee's eyes only: the Executive Committee by office and the former
coordinators and guests listed on it. Everyone else gets 404 for a case, its parties included;
officials and network staff get 404 for every operation here (a network guest listed on a case
excepted), exactly as on the pages.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.schemas import MemberRef
from msj.honour import services
from msj.honour.forms import (
    CloseCaseForm,
    ComplaintForm,
    DecisionForm,
    HearingForm,
    OpenCaseForm,
    PanelMemberForm,
    ResignationLetterForm,
    ResignForm,
)
from msj.honour.models import Case, Decision, Hearing, PanelMember, Resignation
from msj.honour.policies import honour_policy
from msj.honour.rules import parties_not_heard
from msj.members.access import Actor
from msj.members.models import Membership

router = Router(tags=["honour"])


# --- shapes --------------------------------------------------------------------------------------


class ResignationOut(Schema):
    public_id: uuid.UUID
    member: MemberRef
    resigned_on: dt.date
    by_letter: bool = Field(description="Received by letter by the technical secretary, not given on the platform.")
    reason: str

    @staticmethod
    def resolve_member(obj: Resignation) -> Any:
        return obj.membership


class ComplaintOut(Schema):
    public_id: uuid.UUID = Field(description="The case the complaint opened; its committee reads it, not the parties.")
    code: str
    respondent: MemberRef
    filed_on: dt.date

    @staticmethod
    def resolve_filed_on(obj: Case) -> dt.date:
        return obj.opened_on


class CaseOut(Schema):
    public_id: uuid.UUID
    code: str = Field(description="The short code the pages and e-mails name the case by.")
    origin: Case.Origin
    status: Case.Status
    respondent: MemberRef
    complainant: MemberRef | None
    opened_on: dt.date
    decided_on: dt.date | None
    closed_on: dt.date | None


class PanelMemberOut(Schema):
    public_id: uuid.UUID
    kind: PanelMember.Kind
    name: str
    added_on: dt.date

    @staticmethod
    def resolve_name(obj: PanelMember) -> str:
        return obj.full_name


class HearingOut(Schema):
    public_id: uuid.UUID
    party: MemberRef
    outcome: Hearing.Outcome
    held_on: dt.date
    notes: str


class HonourDecisionOut(Schema):
    public_id: uuid.UUID
    sanction: Decision.Sanction
    grave: bool
    grave_reason: str
    grounds: str
    decided_on: dt.date
    suspends: bool = Field(description="Whether the sanction suspended the respondent's place that day.")


class CaseDetailOut(CaseOut):
    summary: str = Field(description="The facts the committee is asked to consider.")
    respondent_status: Membership.Status = Field(description="The respondent's place in the Mesa now.")
    closing_reason: str
    panel: list[PanelMemberOut] = Field(description="The committee for this case.")
    hearings: list[HearingOut]
    waiting: list[MemberRef] = Field(description="The parties still to be heard, or to refuse to be heard.")
    decision: HonourDecisionOut | None
    may_add_panel_member: bool = Field(description="Whether the caller may seat a former coordinator or a guest.")

    # Loaded by `_detail`.
    @staticmethod
    def resolve_respondent_status(obj: Case) -> Any:
        return obj.respondent.status

    @staticmethod
    def resolve_panel(obj: Case) -> Any:
        return obj.panel_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_hearings(obj: Case) -> Any:
        return obj.hearings_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_waiting(obj: Case) -> Any:
        return obj.waiting_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_decision(obj: Case) -> Any:
        return obj.decision_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_may_add_panel_member(obj: Case) -> Any:
        return obj.may_add_out  # type: ignore[attr-defined]


class ResignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    confirm: bool = Field(False, description="Must be true: the caller resigns their place in the Mesa from today.")
    reason: str = Field("", description="Only the technical secretary reads it.")


class ResignationLetterIn(Schema):
    model_config = ConfigDict(extra="forbid")

    member: uuid.UUID | None = Field(description="The member who resigns, by membership public id.")
    on: dt.date | None = Field(description="The date of the letter: the place ends that day.")
    reason: str = ""


class ComplaintIn(Schema):
    model_config = ConfigDict(extra="forbid")

    respondent: uuid.UUID | None = Field(description="The member the complaint is about, by membership public id.")
    description: str = Field(description="What happened.")


class CaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    origin: Literal["executive_committee", "written_request"]
    respondent: uuid.UUID | None = Field(description="The member the case is about, by membership public id.")
    complainant: uuid.UUID | None = Field(None, description="The member who made the written request, if any.")
    summary: str = Field(description="The facts the committee is asked to consider.")


class PanelMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["former_coordinator", "guest"]
    former_coordinator: uuid.UUID | None = Field(None, description="A former coordinator, by membership public id.")
    email: str = Field("", max_length=254, description="The guest's e-mail address.")
    full_name: str = Field("", max_length=200, description="Needed only for a guest without an account.")


class HearingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    party: uuid.UUID | None = Field(description="One of the parties, by membership public id.")
    outcome: Hearing.Outcome
    held_on: dt.date | None
    notes: str = ""


class HonourDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sanction: Decision.Sanction
    grave: bool = Field(False, description="A grave case: the only one that allows suspension without prior warning.")
    grave_reason: str = ""
    grounds: str
    decided_on: dt.date | None


class CaseCloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(description="Why the case is closed without a decision.")


# --- access and loading --------------------------------------------------------------------------


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related("mesa", "respondent__user", "complainant__user")


def _get_case(actor: Actor, public_id: uuid.UUID, action: str = "view") -> Case:
    """The case, if the caller sits on its committee; 404 for everyone else, members included."""
    case: Case = honour_policy.get(actor, _cases(), public_id)
    honour_policy.require(actor, action, case)
    return case


def _detail(actor: Actor, public_id: uuid.UUID) -> Case:
    """A case with what its web page shows, by the same rules."""
    case = _get_case(actor, public_id)
    case.panel_out = list(PanelMember.objects.filter(case=case).order_by("kind", "full_name", "pk"))  # type: ignore[attr-defined]
    case.hearings_out = list(Hearing.objects.filter(case=case).select_related("party__user"))  # type: ignore[attr-defined]
    case.waiting_out = parties_not_heard(case) if case.is_open else []  # type: ignore[attr-defined]
    case.decision_out = Decision.objects.filter(case=case).first()  # type: ignore[attr-defined]
    case.may_add_out = case.is_open and honour_policy.can(actor, "add_panel_member", case)  # type: ignore[attr-defined]
    return case


def _membership(actor: Actor) -> Membership:
    assert actor.membership is not None  # noqa: S101 - the policy admits members only
    return actor.membership


# --- resignations --------------------------------------------------------------------------------


@router.post(
    "/mesas/{slug}/honour/resign",
    response={201: ResignationOut},
    summary="Resign one's place in the Mesa",
    url_name="honour_resign",
)
def resign(request: HttpRequest, slug: str, payload: ResignIn) -> Status[Resignation]:
    """Resign the caller's own place in the Mesa from today (in the Mesa's time zone), with any office
    it holds; the technical secretary is told. `confirm` must be true. Officials leave with their post
    instead: this operation does not exist for them (404)."""
    actor = mesa_actor(request, slug)
    honour_policy.require(actor, "resign")
    data = valid(ResignForm(form_data(payload.model_dump())))
    resignation = services.resign(
        membership=_membership(actor), confirmed=data["confirm"], reason=data["reason"], by=actor, request=request
    )
    return Status(201, Resignation.objects.select_related("membership__user").get(pk=resignation.pk))


@router.post(
    "/mesas/{slug}/honour/resignations",
    response={201: ResignationOut},
    summary="Record a resignation received by letter",
    url_name="honour_resignations",
)
def record_resignation(request: HttpRequest, slug: str, payload: ResignationLetterIn) -> Status[Resignation]:
    """Record a resignation the technical secretary received by letter; the member's place ends on the
    letter's date. For the technical secretary."""
    actor = mesa_actor(request, slug)
    honour_policy.require(actor, "record_resignation")
    data = valid(ResignationLetterForm(form_data(payload.model_dump()), mesa=actor.mesa))
    resignation = services.record_resignation_letter(
        mesa=actor.mesa,
        membership=data["member"],
        on=data["on"],
        reason=data["reason"],
        by=actor,
        request=request,
    )
    return Status(201, Resignation.objects.select_related("membership__user").get(pk=resignation.pk))


# --- complaints and cases ------------------------------------------------------------------------


@router.post(
    "/mesas/{slug}/honour/complaints",
    response={201: ComplaintOut},
    summary="File a complaint with the Honour and Justice Committee",
    url_name="honour_complaints",
)
def complain(request: HttpRequest, slug: str, payload: ComplaintIn) -> Status[Case]:
    """File a citizen member's complaint against another member; it opens a case before the Honour and
    Justice Committee, which hears both parties. The complainant, a party, cannot read the case."""
    actor = mesa_actor(request, slug)
    honour_policy.require(actor, "complain")
    membership = _membership(actor)
    data = valid(ComplaintForm(form_data(payload.model_dump()), mesa=actor.mesa, me=membership))
    case = services.file_complaint(
        complainant=membership,
        respondent=data["respondent"],
        description=data["description"],
        by=actor,
        request=request,
    )
    return Status(201, _cases().get(pk=case.pk))


@router.get("/mesas/{slug}/honour/cases", response=list[CaseOut], summary="List honour cases", url_name="honour_cases")
@paginate
def list_cases(request: HttpRequest, slug: str, status: Case.Status | None = None) -> QuerySet[Case]:
    """The cases whose committee the caller sits on (the Executive Committee by office, or listed on
    the case), newest first; never a case the caller is a party to. `status` keeps open, decided or
    closed cases."""
    actor = mesa_actor(request, slug)
    honour_policy.require(actor, "list")
    cases = honour_policy.visible(actor, _cases())
    if status is not None:
        cases = cases.filter(status=status)
    return cases.order_by("-opened_on", "-pk")


@router.post(
    "/mesas/{slug}/honour/cases",
    response={201: CaseOut},
    summary="Open an honour case",
    url_name="honour_case_create",
)
def open_case(request: HttpRequest, slug: str, payload: CaseIn) -> Status[Case]:
    """Open a case on the Executive Committee's own knowledge or on a written request; the Executive
    Committee sits on it by office (a party excepted) and its members are told. For the Executive
    Committee."""
    actor = mesa_actor(request, slug)
    honour_policy.require(actor, "open")
    data = valid(OpenCaseForm(form_data(payload.model_dump()), mesa=actor.mesa))
    case = services.open_case(
        mesa=actor.mesa,
        origin=data["origin"],
        respondent=data["respondent"],
        complainant=data["complainant"],
        summary=data["summary"],
        by=actor,
        request=request,
    )
    return Status(201, _cases().get(pk=case.pk))


@router.get(
    "/mesas/{slug}/honour/cases/{uuid:public_id}",
    response=CaseDetailOut,
    summary="Read an honour case",
    url_name="honour_case",
)
def get_case(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Case:
    """A case: the facts, its parties, its committee, the hearings, who is still to be heard, and the
    decision or the reason for closing. For the case's committee only; 404 for everyone else."""
    actor = mesa_actor(request, slug)
    return _detail(actor, public_id)


@router.post(
    "/mesas/{slug}/honour/cases/{uuid:public_id}/panel",
    response={201: PanelMemberOut},
    summary="Seat a former coordinator or a guest on a case's committee",
    url_name="honour_case_panel",
)
def add_panel_member(
    request: HttpRequest, slug: str, public_id: uuid.UUID, payload: PanelMemberIn
) -> Status[PanelMember]:
    """Seat a former coordinator of the Mesa or a guest (by e-mail; a full name for someone without an
    account) on the case's committee, up to three of each; they are told by e-mail. For the Executive
    Committee members on the case, while it is open."""
    actor = mesa_actor(request, slug)
    case = _get_case(actor, public_id, "add_panel_member")
    data = valid(PanelMemberForm(form_data(payload.model_dump()), mesa=actor.mesa))
    member = services.add_panel_member(
        case=case,
        kind=data["kind"],
        former_coordinator=data["former_coordinator"],
        email=data["email"],
        full_name=data["full_name"],
        by=actor,
        request=request,
    )
    return Status(201, member)


@router.post(
    "/mesas/{slug}/honour/cases/{uuid:public_id}/hearings",
    response={201: HearingOut},
    summary="Record a hearing",
    url_name="honour_case_hearings",
)
def record_hearing(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: HearingIn) -> Status[Hearing]:
    """Record that a party was heard, or refused to be heard, once per party, while the case is open.
    For the case's committee."""
    actor = mesa_actor(request, slug)
    case = _get_case(actor, public_id, "record_hearing")
    data = valid(HearingForm(form_data(payload.model_dump()), case=case, today=actor.mesa.today()))
    hearing = services.record_hearing(
        case=case,
        party=data["party"],
        outcome=data["outcome"],
        held_on=data["held_on"],
        notes=data["notes"],
        by=actor,
        request=request,
    )
    return Status(201, Hearing.objects.select_related("party__user").get(pk=hearing.pk))


@router.post(
    "/mesas/{slug}/honour/cases/{uuid:public_id}/decision",
    response={201: HonourDecisionOut},
    summary="Record the committee's decision",
    url_name="honour_case_decision",
)
def decide(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: HonourDecisionIn) -> Status[Decision]:
    """Record the committee's final decision and its graded sanction, once every party has been heard
    or refused to be heard: a written warning; suspension on repetition, after an earlier written
    warning; or suspension without prior warning for a case declared grave, with the reason. A
    suspension suspends the respondent's place on the decision's date; the respondent is told.
    Decisions are final. For the case's committee."""
    actor = mesa_actor(request, slug)
    case = _get_case(actor, public_id, "decide")
    data = valid(DecisionForm(form_data(payload.model_dump()), today=actor.mesa.today()))
    decision = services.decide_case(
        case=case,
        sanction=data["sanction"],
        grave=data["grave"],
        grave_reason=data["grave_reason"],
        grounds=data["grounds"],
        decided_on=data["decided_on"],
        by=actor,
        request=request,
    )
    return Status(201, decision)


@router.post(
    "/mesas/{slug}/honour/cases/{uuid:public_id}/close",
    response=CaseDetailOut,
    summary="Close an honour case without a decision",
    url_name="honour_case_close",
)
def close_case(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: CaseCloseIn) -> Case:
    """Close an open case without a decision (the complaint withdrawn, the respondent gone), saying why;
    this is final too. For the case's committee."""
    actor = mesa_actor(request, slug)
    case = _get_case(actor, public_id, "close")
    data = valid(CloseCaseForm(form_data(payload.model_dump())))
    services.close_case(case=case, reason=data["reason"], by=actor, request=request)
    return _detail(actor, public_id)
