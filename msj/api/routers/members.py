"""The people of a Mesa: members, officials' seats and offices."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from msj.api.access import mesa_actor
from msj.api.schemas import MemberRef
from msj.members import services
from msj.members.models import Membership, Office, Seat
from msj.members.policies import membership_policy, office_policy, seat_policy

router = Router(tags=["members"])


class SeatRef(Schema):
    public_id: uuid.UUID
    post: str
    label: str

    @staticmethod
    def resolve_post(obj: Seat) -> str:
        return obj.post.name


class MemberOut(Schema):
    public_id: uuid.UUID
    name: str
    kind: Membership.Kind
    status: Membership.Status
    started_on: dt.date
    ended_on: dt.date | None
    seat: SeatRef | None

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.user.full_name


class TermOut(Schema):
    public_id: uuid.UUID
    kind: Office.Kind
    started_on: dt.date
    term_ends_on: dt.date | None
    ended_on: dt.date | None


class MemberDetailOut(MemberOut):
    offices: list[TermOut]

    @staticmethod
    def resolve_offices(obj: Membership) -> list[Office]:
        return list(Office.objects.filter(membership=obj).order_by("-started_on", "-pk"))


class StatusIn(Schema):
    status: Membership.Status
    on: dt.date


class PostOut(Schema):
    code: str
    name: str
    level: str
    branch: str


class SeatOut(Schema):
    public_id: uuid.UUID
    post: PostOut
    label: str
    holder: MemberRef | None

    @staticmethod
    def resolve_holder(obj: Seat) -> Membership | None:
        holders: list[Membership] = obj.current_holders  # type: ignore[attr-defined]
        return holders[0] if holders else None


class OfficeOut(TermOut):
    holder: MemberRef

    @staticmethod
    def resolve_holder(obj: Office) -> Membership:
        return obj.membership


@router.get("/mesas/{slug}/members", response=list[MemberOut], summary="List a Mesa's members", url_name="members")
@paginate
def list_members(request: HttpRequest, slug: str, kind: Membership.Kind | None = None) -> QuerySet[Membership]:
    """The Mesa's members by kind and name, as in its directory; `kind` keeps one kind only.

    The coordinator and the technical secretary also see past and suspended members.
    """
    actor = mesa_actor(request, slug)
    membership_policy.require(actor, "view")
    members = membership_policy.visible(actor, Membership.objects.select_related("user", "seat__post"))
    if kind is not None:
        members = members.filter(kind=kind)
    return members.order_by("kind", "user__full_name", "pk")


@router.get(
    "/mesas/{slug}/members/{uuid:public_id}", response=MemberDetailOut, summary="Get a member", url_name="member"
)
def get_member(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Membership:
    """One member of the Mesa, with the offices they hold or held."""
    actor = mesa_actor(request, slug)
    membership_policy.require(actor, "view")
    return membership_policy.get(actor, Membership.objects.select_related("user", "seat__post"), public_id)


@router.post(
    "/mesas/{slug}/members/{uuid:public_id}/status",
    response=MemberOut,
    summary="Record a member's change of status",
    url_name="member_status",
)
def change_member_status(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: StatusIn) -> Membership:
    """Record a suspension, reinstatement, resignation or removal decided by the Mesa.

    Coordinator and technical secretary only, and never on their own membership.
    Resignation and removal end the membership, and any office it holds, on `on`.
    """
    actor = mesa_actor(request, slug)
    membership_policy.require(actor, "view")
    membership = membership_policy.get(actor, Membership.objects.all(), public_id)
    membership_policy.require(actor, "change_status", membership)
    services.change_membership_status(
        membership=membership, status=payload.status, on=payload.on, by=actor, request=request
    )
    return Membership.objects.select_related("user", "seat__post").get(pk=membership.pk)


@router.get("/mesas/{slug}/seats", response=list[SeatOut], summary="List officials' seats", url_name="seats")
@paginate
def list_seats(request: HttpRequest, slug: str) -> QuerySet[Seat]:
    """The officials' seats of the Mesa, in the catalogue's order, each with its current holder."""
    actor = mesa_actor(request, slug)
    seat_policy.require(actor, "view")
    # Holders through the membership policy: a suspended holder is not shown to whom the directory hides them.
    holders = membership_policy.visible(actor, Membership.objects.filter(ended_on__isnull=True)).select_related("user")
    return (
        seat_policy.visible(actor, Seat.objects.select_related("post"))
        .prefetch_related(Prefetch("memberships", queryset=holders, to_attr="current_holders"))
        .order_by("post__position", "label", "pk")
    )


@router.get("/mesas/{slug}/offices", response=list[OfficeOut], summary="List offices and terms", url_name="offices")
@paginate
def list_offices(request: HttpRequest, slug: str) -> QuerySet[Office]:
    """Every term in a Mesa office, current and past, by office and most recent first."""
    actor = mesa_actor(request, slug)
    office_policy.require(actor, "view")
    return office_policy.visible(actor, Office.objects.select_related("membership__user")).order_by(
        "kind", "-started_on", "-pk"
    )
