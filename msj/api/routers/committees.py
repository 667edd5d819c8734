"""Axes and committees: the list, a committee with its members, requests, process manual and decisions.

Every operation goes through the committees' one policy (msj/committees/policies.py), checks
its input with the web's own forms and writes through msj/committees/services.py, so that
officials never see the Executive or the Honour and Justice committee here either.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.schemas import MemberRef
from msj.committees import services
from msj.committees.forms import AddPersonForm, AxisForm, CommitteeCreateForm, DissolveForm, ManualForm
from msj.committees.models import (
    Axis,
    Committee,
    CommitteeDecision,
    CommitteeMember,
    ManualSignature,
    ProcessManual,
)
from msj.committees.policies import committee_policy, serving_role
from msj.members.access import Actor

router = Router(tags=["committees"])

OFFICER_ROLES = (CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE)


class AxisOut(Schema):
    public_id: uuid.UUID
    number: int
    name: str


class CommitteeOut(Schema):
    public_id: uuid.UUID
    name: str
    kind: Committee.Kind
    axis: AxisOut | None
    created_on: dt.date
    dissolved_on: dt.date | None
    coordinator: MemberRef | None
    alternate: MemberRef | None
    member_count: int = Field(description="Approved members who have not left.")

    @staticmethod
    def resolve_coordinator(obj: Committee) -> Any:
        return _officer(obj, CommitteeMember.Role.COORDINATOR)

    @staticmethod
    def resolve_alternate(obj: Committee) -> Any:
        return _officer(obj, CommitteeMember.Role.ALTERNATE)


class CommitteeMemberOut(Schema):
    public_id: uuid.UUID
    person: MemberRef
    role: CommitteeMember.Role
    status: CommitteeMember.Status
    joined_on: dt.date | None
    left_on: dt.date | None

    @staticmethod
    def resolve_person(obj: CommitteeMember) -> Any:
        return obj.membership


class SignedMemberOut(CommitteeMemberOut):
    signed_manual: bool = Field(description="Whether they signed the version of the process manual in force.")

    @staticmethod
    def resolve_signed_manual(obj: CommitteeMember) -> bool:
        return bool(getattr(obj, "has_signed", False))


class ManualOut(Schema):
    version: int
    text: str
    adopted_on: dt.date


class DecisionOut(Schema):
    public_id: uuid.UUID
    kind: CommitteeDecision.Kind
    decided_on: dt.date
    minutes_reference: str
    recorded_by: MemberRef


class CommitteeDetailOut(CommitteeOut):
    my_role: CommitteeMember.Role | None = Field(description="The caller's role on the committee, if they serve on it.")
    members: list[SignedMemberOut]
    pending: list[CommitteeMemberOut] = Field(
        description="Requests to join awaiting the coordinator: all of them for those who decide or record, "
        "else the caller's own."
    )
    manual: ManualOut | None = Field(description="The version of the process manual in force.")
    decisions: list[DecisionOut]

    # Loaded by `_detail`; `members` and `decisions` are also the committee's related managers.
    @staticmethod
    def resolve_my_role(obj: Committee) -> Any:
        return obj.my_role_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_members(obj: Committee) -> Any:
        return obj.members_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_pending(obj: Committee) -> Any:
        return obj.pending_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_manual(obj: Committee) -> Any:
        return obj.manual_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_decisions(obj: Committee) -> Any:
        return obj.decisions_out  # type: ignore[attr-defined]


class SignatureOut(Schema):
    manual_version: int
    signed_at: dt.datetime
    new: bool = Field(description="False when the caller had already signed this version: nothing changed.")


class AxisIn(Schema):
    model_config = ConfigDict(extra="forbid")

    number: int
    name: str


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decided_on: dt.date | None = None
    minutes_reference: str = ""


class CommitteeIn(DecisionIn):
    name: str
    kind: Committee.Kind = Committee.Kind.THEMATIC
    axis: uuid.UUID | None = None
    coordinator: uuid.UUID | None = Field(None, description="A current citizen member, by membership public id.")
    alternate: uuid.UUID | None = Field(None, description="Another current citizen member.")
    manual_text: str = ""


class ManualIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str
    adopted_on: dt.date


def _officer(committee: Committee, role: str) -> Any:
    officers = getattr(committee, "officers", None)
    if officers is None:
        officers = list(
            CommitteeMember.objects.serving()
            .filter(committee=committee, role__in=OFFICER_ROLES)
            .select_related("membership__user")
        )
        committee.officers = officers  # type: ignore[attr-defined]
    member = next((m for m in officers if m.role == role), None)
    return member.membership if member is not None else None


def _committees(actor: Actor) -> QuerySet[Committee]:
    serving = Q(members__status=CommitteeMember.Status.APPROVED, members__left_on__isnull=True)
    return (
        committee_policy.visible(actor, Committee.objects.all())
        .select_related("axis")
        .annotate(member_count=Count("members", filter=serving))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.serving()
                .filter(role__in=OFFICER_ROLES)
                .select_related("membership__user"),
                to_attr="officers",
            )
        )
    )


def _get(actor: Actor, public_id: uuid.UUID) -> Committee:
    committee_policy.require(actor, "view")
    committee: Committee = committee_policy.get(actor, _committees(actor), public_id)
    return committee


def _detail(actor: Actor, public_id: uuid.UUID) -> Committee:
    """A committee with what its web page shows, by the same rules."""
    committee = _get(actor, public_id)
    rows = list(
        CommitteeMember.objects.open()
        .filter(committee=committee)
        .select_related("membership__user")
        .order_by("role", "membership__user__full_name", "pk")
    )
    may_see_requests = committee_policy.can(actor, "view_requests", committee)
    mine = actor.membership.pk if actor.membership is not None else None
    manual = services.manual_in_force(committee)
    signed: set[int] = set()
    if manual is not None:
        signed = set(ManualSignature.objects.filter(manual=manual).values_list("member_id", flat=True))
    members = [m for m in rows if m.status == CommitteeMember.Status.APPROVED]
    for m in members:
        m.has_signed = m.pk in signed  # type: ignore[attr-defined]
    committee.members_out = members  # type: ignore[attr-defined]
    committee.pending_out = [  # type: ignore[attr-defined]
        m for m in rows if m.status == CommitteeMember.Status.PENDING and (may_see_requests or m.membership_id == mine)
    ]
    committee.manual_out = manual  # type: ignore[attr-defined]
    committee.decisions_out = list(  # type: ignore[attr-defined]
        CommitteeDecision.objects.filter(committee=committee).select_related("recorded_by__user")
    )
    committee.my_role_out = serving_role(actor, committee)  # type: ignore[attr-defined]
    return committee


@router.get("/mesas/{slug}/axes", response=list[AxisOut], summary="List the axes", url_name="axes")
@paginate
def list_axes(request: HttpRequest, slug: str) -> QuerySet[Axis]:
    """The axes (ejes) that group the Mesa's committees, by number."""
    actor = mesa_actor(request, slug)
    committee_policy.require(actor, "view")
    return Axis.objects.filter(mesa=actor.mesa).order_by("number", "pk")


@router.post("/mesas/{slug}/axes", response={201: AxisOut}, summary="Add an axis", url_name="axis_create")
def create_axis(request: HttpRequest, slug: str, payload: AxisIn) -> Status[Axis]:
    """Add an axis to group committees (the technical secretary and the Executive Committee)."""
    actor = mesa_actor(request, slug)
    committee_policy.require(actor, "create_axis")
    data = valid(AxisForm(form_data(payload.model_dump())))
    axis = services.create_axis(mesa=actor.mesa, number=data["number"], name=data["name"], by=actor, request=request)
    return Status(201, axis)


@router.get(
    "/mesas/{slug}/committees", response=list[CommitteeOut], summary="List the committees", url_name="committees"
)
@paginate
def list_committees(request: HttpRequest, slug: str, dissolved: bool | None = None) -> QuerySet[Committee]:
    """The committees the caller may see, by axis and name, with their coordinator and alternate.

    Officials never see the Executive nor the Honour and Justice committee. `dissolved`
    keeps the dissolved committees (true) or the working ones (false).
    """
    actor = mesa_actor(request, slug)
    committee_policy.require(actor, "view")
    committees = _committees(actor)
    if dissolved is not None:
        committees = committees.filter(dissolved_on__isnull=not dissolved)
    return committees.order_by(F("axis__number").asc(nulls_last=True), "name", "pk")


@router.get(
    "/mesas/{slug}/committees/{uuid:public_id}",
    response=CommitteeDetailOut,
    summary="Get a committee",
    url_name="committee",
)
def get_committee(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Committee:
    """A committee: its members (and whether each signed the manual in force), pending requests,
    the process manual in force and the Executive Committee's decisions about it."""
    actor = mesa_actor(request, slug)
    return _detail(actor, public_id)


@router.post(
    "/mesas/{slug}/committees",
    response={201: CommitteeDetailOut},
    summary="Record the creation of a committee",
    url_name="committee_create",
)
def create_committee(request: HttpRequest, slug: str, payload: CommitteeIn) -> Status[Committee]:
    """Record the Executive Committee's decision to create a committee, with its coordinator, its
    alternate (two different current citizen members) and its process manual (Cuadro 7).

    The technical secretary and the Executive Committee record it; officials never.
    """
    actor = mesa_actor(request, slug)
    committee_policy.require(actor, "create")
    data = valid(CommitteeCreateForm(form_data(payload.model_dump()), mesa=actor.mesa))
    committee = services.create_committee(
        mesa=actor.mesa,
        name=data["name"],
        kind=data["kind"],
        axis=data["axis"],
        coordinator=data["coordinator"],
        alternate=data["alternate"],
        manual_text=data["manual_text"],
        decided_on=data["decided_on"],
        minutes_reference=data["minutes_reference"],
        by=actor,
        request=request,
    )
    return Status(201, _detail(actor, committee.public_id))


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/dissolve",
    response=CommitteeDetailOut,
    summary="Record the dissolution of a committee",
    url_name="committee_dissolve",
)
def dissolve_committee(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: DecisionIn) -> Committee:
    """Record the Executive Committee's decision to dissolve a committee; its members leave it that day.

    The Executive and the Indicators committees are never dissolved.
    """
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "dissolve", committee)
    data = valid(DissolveForm(form_data(payload.model_dump())))
    services.dissolve_committee(
        committee=committee,
        decided_on=data["decided_on"],
        minutes_reference=data["minutes_reference"],
        by=actor,
        request=request,
    )
    return _detail(actor, public_id)


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/join",
    response={201: CommitteeMemberOut},
    summary="Ask to join a committee",
    url_name="committee_join",
)
def join_committee(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Status[CommitteeMember]:
    """Ask to join a committee as the caller; its coordinator (or the alternate) decides (Cuadro 7).

    The Executive and the Honour and Justice committees are named, never joined by request.
    """
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "request_join", committee)
    assert actor.membership is not None  # noqa: S101 - the policy admits members only
    member = services.request_to_join(committee=committee, membership=actor.membership, by=actor, request=request)
    return Status(201, CommitteeMember.objects.select_related("membership__user").get(pk=member.pk))


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/leave",
    response=CommitteeDetailOut,
    summary="Leave a committee",
    url_name="committee_leave",
)
def leave_committee(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Any:
    """Leave a committee the caller serves on, as the web's button does; a coordinator or an alternate
    cannot leave before someone takes their place (422), and nothing changes then.
    """
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "leave", committee)
    assert actor.membership is not None  # noqa: S101 - the policy admits members only
    services.leave_committee(committee=committee, membership=actor.membership, by=actor, request=request)
    return _detail(actor, public_id)


class AddPersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    full_name: str = Field("", max_length=200, description="Needed only if the person has no account yet.")
    kind: Literal["volunteer", "guest"] = "volunteer"


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/people",
    response={201: CommitteeMemberOut},
    summary="Add a volunteer or a guest to a committee",
    url_name="committee_add_person",
)
def add_person(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: AddPersonIn) -> Status[CommitteeMember]:
    """Add someone outside the Mesa's core to the committee by e-mail (Cuadro 7), as the web's form does:
    an account and a place in the Mesa of the given kind when they have none, then an approved seat.
    For the committee's coordinator and alternate; any bad input refuses the whole (422).
    """
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "add_person", committee)
    data = valid(AddPersonForm(form_data(payload.model_dump())))
    member = services.add_person(
        committee=committee,
        email=data["email"],
        full_name=data["full_name"],
        kind=data["kind"],
        by=actor,
        request=request,
    )
    return Status(201, CommitteeMember.objects.select_related("membership__user").get(pk=member.pk))


def _decide(request: HttpRequest, slug: str, public_id: uuid.UUID, member_id: uuid.UUID, *, approve: bool) -> Any:
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "decide_request", committee)
    member = CommitteeMember.objects.filter(committee=committee, public_id=member_id).first()
    if member is None:
        raise Http404
    services.decide_request(member=member, approve=approve, by=actor, request=request)
    return CommitteeMember.objects.select_related("membership__user").get(pk=member.pk)


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/requests/{uuid:member_id}/approve",
    response=CommitteeMemberOut,
    summary="Approve a request to join a committee",
    url_name="committee_approve",
)
def approve_request(request: HttpRequest, slug: str, public_id: uuid.UUID, member_id: uuid.UUID) -> Any:
    """Approve a pending request to join (the committee's coordinator or alternate); membership starts today."""
    return _decide(request, slug, public_id, member_id, approve=True)


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/requests/{uuid:member_id}/decline",
    response=CommitteeMemberOut,
    summary="Decline a request to join a committee",
    url_name="committee_decline",
)
def decline_request(request: HttpRequest, slug: str, public_id: uuid.UUID, member_id: uuid.UUID) -> Any:
    """Decline a pending request to join (the committee's coordinator or alternate)."""
    return _decide(request, slug, public_id, member_id, approve=False)


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/manual",
    response={201: ManualOut},
    summary="Adopt a new version of the process manual",
    url_name="committee_manual",
)
def adopt_manual(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: ManualIn) -> Status[ProcessManual]:
    """Adopt a new version of the committee's process manual; every member signs it anew.

    The technical secretary, the Executive Committee and the committee's coordinator and alternate may.
    """
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "adopt_manual", committee)
    data = valid(ManualForm(form_data(payload.model_dump()), today=actor.mesa.today()))
    manual = services.adopt_manual(
        committee=committee, text=data["text"], adopted_on=data["adopted_on"], by=actor, request=request
    )
    return Status(201, manual)


@router.post(
    "/mesas/{slug}/committees/{uuid:public_id}/manual/sign",
    response=SignatureOut,
    summary="Sign the process manual",
    url_name="committee_sign",
)
def sign_manual(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """Sign the process manual in force as a member of the committee; signing again changes nothing."""
    actor = mesa_actor(request, slug)
    committee = _get(actor, public_id)
    committee_policy.require(actor, "sign", committee)
    assert actor.membership is not None  # noqa: S101 - the policy admits serving members only
    signature, created = services.sign_manual(
        committee=committee, membership=actor.membership, by=actor, request=request
    )
    return {"manual_version": signature.manual.version, "signed_at": signature.signed_at, "new": created}
