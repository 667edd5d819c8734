"""Meetings of every body: list, page, convocation, cancellation, agenda, invitations, replies, attendance.

Through the meetings' one policy (msj/meetings/policies.py): a meeting the caller may not see
answers 404, exactly like one that does not exist (officials never see a citizens' meeting
they are not invited to present at, drafts belong to those who run the meeting); running it
without the right answers 403. Input is checked by the web's own forms and written by
msj/meetings/services.py, which also refuses a convocation later than the Mesa's notice rule.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.problems import Problem, field_error
from msj.api.schemas import MemberRef
from msj.committees.models import Committee
from msj.meetings import rules, services
from msj.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    ConveneForm,
    InviteForm,
    MeetingFilterForm,
    MeetingForm,
    MoveForm,
    PresenterForm,
    ReplyForm,
)
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from msj.meetings.policies import meeting_policy
from msj.members.access import Actor
from msj.members.models import Membership

router = Router(tags=["meetings"])


class NamedRef(Schema):
    public_id: uuid.UUID
    name: str


class MeetingOut(Schema):
    public_id: uuid.UUID
    kind: Meeting.Kind
    committee: NamedRef | None
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    video_url: str
    status: Meeting.Status
    extraordinary: bool
    extraordinary_reason: str
    convened_at: dt.datetime | None


class AgendaItemOut(Schema):
    public_id: uuid.UUID
    position: int
    kind: AgendaItem.Kind
    title: str
    presenter: MemberRef | None

    @staticmethod
    def resolve_title(obj: AgendaItem) -> str:
        return obj.heading


class AttendanceOut(Schema):
    status: Attendance.Status
    delegate_name: str
    method: Attendance.Method


class InvitationOut(Schema):
    public_id: uuid.UUID
    person: MemberRef
    role: Invitation.Role
    reply: Invitation.Reply
    delegate_name: str
    replied_at: dt.datetime | None
    attendance: AttendanceOut | None = Field(description="As recorded at the meeting, if it has been.")

    @staticmethod
    def resolve_person(obj: Invitation) -> Any:
        return obj.membership

    @staticmethod
    def resolve_attendance(obj: Invitation) -> Any:
        return getattr(obj, "attendance_row", None)


class OpenAgreementOut(Schema):
    public_id: uuid.UUID
    code: str
    text: str
    due_on: dt.date | None
    status: Agreement.Status


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    my_invitation: InvitationOut | None = Field(description="The caller's own invitation, if invited.")
    may_reply: bool = Field(description="Whether the caller is invited and replies are still open.")
    agreements: list[OpenAgreementOut] = Field(
        description="The body's agreements read and followed up under the agenda's agreements item "
        "(those the caller may read)."
    )
    minutes_url: str = Field(description="The minutes of the meeting in the API.")

    @staticmethod
    def resolve_agenda(obj: Meeting) -> Any:
        return obj.agenda_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_my_invitation(obj: Meeting) -> Any:
        return obj.mine_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_may_reply(obj: Meeting) -> bool:
        return obj.mine_out is not None and rules.replies_are_open(obj, timezone.now())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_agreements(obj: Meeting) -> Any:
        return obj.agreements_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_minutes_url(obj: Meeting) -> str:
        return reverse("api:minutes", kwargs={"slug": obj.mesa.slug, "public_id": obj.public_id})


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Meeting.Kind
    committee: uuid.UUID | None = Field(None, description="Only for a committee meeting.")
    title: str
    date: dt.date = Field(description="The day of the meeting where the Mesa sits.")
    starts: dt.time = Field(description="Local time where the Mesa sits.")
    ends: dt.time = Field(description="Local time where the Mesa sits, the same day.")
    place: str = ""
    video_url: str = ""
    extraordinary: bool = False
    extraordinary_reason: str = ""


class MeetingPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    date: dt.date | None = None
    starts: dt.time | None = None
    ends: dt.time | None = None
    place: str | None = None
    video_url: str | None = None
    extraordinary: bool | None = None
    extraordinary_reason: str | None = None


class ConveneIn(Schema):
    model_config = ConfigDict(extra="forbid")

    extraordinary_reason: str = Field(
        "", description="Needed only to convene with less notice than the Mesa's rules ask for; marks it extraordinary."
    )


class ConvocationOut(Schema):
    meeting: MeetingOut
    invitations_sent: int


class AgendaItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str
    presenter: uuid.UUID | None = Field(None, description="An invitee, by membership public id.")


class MoveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    direction: Literal["up", "down"]


class PresenterIn(Schema):
    model_config = ConfigDict(extra="forbid")

    presenter: uuid.UUID | None = Field(description="An invitee, by membership public id; null removes the presenter.")


class InviteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    membership: uuid.UUID
    role: Literal["presenter", "guest"]


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reply: Literal["attending", "not_attending", "delegate"]
    delegate_name: str = Field("", description="Only an official's seat sends a delegate.")


class AttendanceEntryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    membership: uuid.UUID
    status: Attendance.Status
    delegate_name: str = ""


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    entries: list[AttendanceEntryIn]


def _meeting(actor: Actor, public_id: uuid.UUID) -> Meeting:
    meeting_policy.require(actor, "view")
    meeting: Meeting = meeting_policy.get(actor, Meeting.objects.select_related("committee"), public_id)
    meeting.mesa = actor.mesa  # the same row, already loaded
    return meeting


def _detail(actor: Actor, public_id: uuid.UUID) -> Meeting:
    """A meeting with what its web page shows everyone who may see it."""
    meeting = _meeting(actor, public_id)
    agenda = list(meeting.agenda.select_related("presenter__user").order_by("position"))
    meeting.agenda_out = agenda  # type: ignore[attr-defined]
    mine = (
        Invitation.objects.filter(meeting=meeting, membership=actor.membership)
        .select_related("membership__user")
        .first()
    )
    if mine is not None:
        mine.attendance_row = Attendance.objects.filter(meeting=meeting, membership=mine.membership).first()  # type: ignore[attr-defined]
    meeting.mine_out = mine  # type: ignore[attr-defined]
    agreements: list[Agreement] = []
    if any(item.kind == AgendaItem.Kind.AGREEMENTS for item in agenda):
        agreements = list(
            agreement_policy.visible(actor, Agreement.objects.for_body(meeting)).order_by("due_on", "year", "number")
        )
    meeting.agreements_out = agreements  # type: ignore[attr-defined]
    return meeting


def _invitations(meeting: Meeting) -> list[Invitation]:
    invitations = list(
        Invitation.objects.filter(meeting=meeting)
        .select_related("membership__user")
        .order_by("role", "membership__user__full_name", "pk")
    )
    recorded = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for invitation in invitations:
        invitation.attendance_row = recorded.get(invitation.membership_id)  # type: ignore[attr-defined]
    return invitations


def _invitees(meeting: Meeting) -> QuerySet[Membership]:
    return Membership.objects.filter(invitations__meeting=meeting).select_related("user").order_by("user__full_name")


def _item(meeting: Meeting, item_id: uuid.UUID) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, public_id=item_id).select_related("presenter__user").first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


def _local(meeting: Meeting) -> dict[str, Any]:
    """The meeting's editable values as the web form shows them, where the Mesa sits."""
    tz = meeting.mesa.tzinfo
    start, end = meeting.starts_at.astimezone(tz), meeting.ends_at.astimezone(tz)
    return {
        "title": meeting.title,
        "date": start.date(),
        "starts": start.strftime("%H:%M:%S"),
        "ends": end.strftime("%H:%M:%S"),
        "place": meeting.place,
        "video_url": meeting.video_url,
        "extraordinary": meeting.extraordinary,
        "extraordinary_reason": meeting.extraordinary_reason,
    }


def _refuse_uninvited(actor: Actor, people: list[str], invited: set[str]) -> None:
    """Refuse attendance for anyone not invited, naming them when they belong to the Mesa."""
    errors = []
    names = dict(
        Membership.objects.filter(mesa=actor.mesa, public_id__in=[p for p in people if p not in invited]).values_list(
            "public_id", "user__full_name"
        )
    )
    for n, person in enumerate(people):
        if person in invited:
            continue
        name = names.get(uuid.UUID(person))
        message = (
            _("%(name)s is not invited to this meeting.") % {"name": name}
            if name is not None
            else _("Select a valid choice. That choice is not one of the available choices.")
        )
        errors.append(field_error(f"entries.{n}.membership", message))
    if errors:
        raise Problem(422, errors=errors)


# --- list and page -----------------------------------------------------------------------


@router.get("/mesas/{slug}/meetings", response=list[MeetingOut], summary="List meetings", url_name="meetings")
@paginate
def list_meetings(
    request: HttpRequest,
    slug: str,
    kind: Meeting.Kind | None = None,
    committee: uuid.UUID | None = None,
    upcoming: bool | None = None,
) -> QuerySet[Meeting]:
    """The meetings the caller may see, most recent first; `upcoming` keeps those not yet ended
    (true) or those past (false), `kind` and `committee` keep one body."""
    actor = mesa_actor(request, slug)
    meeting_policy.require(actor, "list")
    params = {"kind": kind, "committee": committee}
    filters = MeetingFilterForm(
        form_data({k: v for k, v in params.items() if v is not None}),
        committees=Committee.objects.filter(mesa=actor.mesa),
    )
    data = valid(filters, location="query")
    meetings = meeting_policy.visible(actor, Meeting.objects.select_related("committee"))
    if data["kind"]:
        meetings = meetings.filter(kind=data["kind"])
    if data["committee"]:
        meetings = meetings.filter(committee=data["committee"])
    if upcoming is not None:
        now = timezone.now()
        meetings = meetings.filter(ends_at__gte=now) if upcoming else meetings.filter(ends_at__lt=now)
    return meetings.order_by("-starts_at", "-pk")


@router.get(
    "/mesas/{slug}/meetings/{uuid:public_id}", response=MeetingDetailOut, summary="Get a meeting", url_name="meeting"
)
def get_meeting(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Meeting:
    """A meeting with its agenda, the caller's invitation and the open agreements of its body."""
    actor = mesa_actor(request, slug)
    return _detail(actor, public_id)


@router.post(
    "/mesas/{slug}/meetings", response={201: MeetingDetailOut}, summary="Create a meeting", url_name="meeting_create"
)
def create_meeting(request: HttpRequest, slug: str, payload: MeetingIn) -> Status[Meeting]:
    """Create a draft meeting with the agenda of its kind and the invitations of its body.

    The technical secretary and the coordinator create meetings of every body (the
    coordinator alone the Honour and Justice hearings); a committee's coordinator and
    alternate, their committee's meetings. Convene it when ready.
    """
    actor = mesa_actor(request, slug)
    mesa = actor.mesa
    meeting_policy.require(actor, "create")
    form = MeetingForm(
        form_data(payload.model_dump()),
        mesa=mesa,
        kinds=meeting_policy.may_run_kinds(actor),
        committees=services.committees_to_run(actor, mesa),
    )
    data = valid(form)
    meeting_policy.require(actor, "create", Meeting(mesa=mesa, kind=data["kind"], committee=data["committee"]))
    meeting = services.create_meeting(
        mesa=mesa,
        kind=data["kind"],
        committee=data["committee"],
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        video_url=data["video_url"],
        extraordinary=data["extraordinary"],
        extraordinary_reason=data["extraordinary_reason"],
        by=actor,
        request=request,
    )
    return Status(201, _detail(actor, meeting.public_id))


@router.patch(
    "/mesas/{slug}/meetings/{uuid:public_id}",
    response=MeetingDetailOut,
    summary="Change a meeting",
    url_name="meeting_change",
)
def change_meeting(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: MeetingPatch) -> Meeting:
    """Change a draft or convened meeting; send only what changes. Its kind and body stay.

    When a convened meeting's time or place changes, every invitee is sent the update;
    bringing it forward is a new convocation for the Mesa's notice rule.
    """
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "edit", meeting)
    values = {**_local(meeting), **payload.model_dump(exclude_unset=True)}
    data = valid(MeetingForm(form_data(values), mesa=actor.mesa, meeting=meeting))
    services.update_meeting(
        meeting=meeting,
        by=actor,
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        video_url=data["video_url"],
        extraordinary=data["extraordinary"],
        extraordinary_reason=data["extraordinary_reason"],
        request=request,
    )
    return _detail(actor, public_id)


# --- convocation -------------------------------------------------------------------------


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/convene",
    response=ConvocationOut,
    summary="Convene a meeting",
    url_name="meeting_convene",
)
def convene_meeting(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: ConveneIn) -> dict[str, Any]:
    """Convene a draft meeting: every invitee is sent the invitation with its iCalendar file.

    A convocation later than the Mesa's notice rule (plenary notice, or committee notice for
    a committee meeting, in calendar days where the Mesa sits) is refused with 422, unless
    the meeting is extraordinary: give `extraordinary_reason` to mark it so.
    """
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "convene", meeting)
    data = valid(ConveneForm(form_data(payload.model_dump())))
    sent = services.convene_meeting(
        meeting=meeting, by=actor, extraordinary_reason=data["extraordinary_reason"], request=request
    )
    return {"meeting": _meeting(actor, public_id), "invitations_sent": sent}


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/cancel",
    response=MeetingOut,
    summary="Cancel a meeting",
    url_name="meeting_cancel",
)
def cancel_meeting(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Meeting:
    """Cancel a meeting that has not been held; the invitees of a convened one are told so."""
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "cancel", meeting)
    services.cancel_meeting(meeting=meeting, by=actor, request=request)
    return _meeting(actor, public_id)


# --- agenda ------------------------------------------------------------------------------


@router.get(
    "/mesas/{slug}/meetings/{uuid:public_id}/agenda",
    response=list[AgendaItemOut],
    summary="List a meeting's agenda",
    url_name="meeting_agenda",
)
@paginate
def list_agenda(request: HttpRequest, slug: str, public_id: uuid.UUID) -> QuerySet[AgendaItem]:
    """The order of the day, by position; general matters is always the last item."""
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    return meeting.agenda.select_related("presenter__user").order_by("position")


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/agenda",
    response={201: AgendaItemOut},
    summary="Add an agenda item",
    url_name="meeting_agenda_add",
)
def add_agenda_item(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: AgendaItemIn) -> Status[AgendaItem]:
    """Add an item just before general matters (those who run the meeting, until it is held)."""
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "agenda", meeting)
    data = valid(AgendaItemForm(form_data(payload.model_dump()), invitees=_invitees(meeting)))
    item = services.add_agenda_item(
        meeting=meeting, title=data["title"], presenter=data["presenter"], by=actor, request=request
    )
    return Status(201, _item(meeting, item.public_id))


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/agenda/{uuid:item_id}/move",
    response=list[AgendaItemOut],
    summary="Move an agenda item",
    url_name="meeting_agenda_move",
)
def move_agenda_item(
    request: HttpRequest, slug: str, public_id: uuid.UUID, item_id: uuid.UUID, payload: MoveIn
) -> list[AgendaItem]:
    """Swap an item with its neighbour above or below; answer the whole agenda in its new order."""
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "agenda", meeting)
    item = _item(meeting, item_id)
    data = valid(MoveForm(form_data(payload.model_dump())))
    services.move_agenda_item(item=item, direction=data["direction"], by=actor, request=request)
    return list(meeting.agenda.select_related("presenter__user").order_by("position"))


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/agenda/{uuid:item_id}/presenter",
    response=AgendaItemOut,
    summary="Set an agenda item's presenter",
    url_name="meeting_agenda_presenter",
)
def set_presenter(
    request: HttpRequest, slug: str, public_id: uuid.UUID, item_id: uuid.UUID, payload: PresenterIn
) -> AgendaItem:
    """Name who presents an item, among the invitees (invite them to present first), or nobody."""
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "agenda", meeting)
    item = _item(meeting, item_id)
    data = valid(PresenterForm(form_data(payload.model_dump()), invitees=_invitees(meeting)))
    services.set_presenter(item=item, presenter=data["presenter"], by=actor, request=request)
    return _item(meeting, item_id)


# --- invitations and replies -------------------------------------------------------------


@router.get(
    "/mesas/{slug}/meetings/{uuid:public_id}/invitations",
    response=list[InvitationOut],
    summary="List a meeting's invitations",
    url_name="meeting_invitations",
)
@paginate
def list_invitations(request: HttpRequest, slug: str, public_id: uuid.UUID) -> list[Invitation]:
    """Who is invited, in which role, their reply and, once taken, their attendance."""
    actor = mesa_actor(request, slug)
    return _invitations(_meeting(actor, public_id))


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/invitations",
    response={201: InvitationOut},
    summary="Invite someone to a meeting",
    url_name="meeting_invite",
)
def invite(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: InviteIn) -> Status[Invitation]:
    """Invite a current member outside the meeting's body, to present or as a guest; e-mailed if convened.

    Nobody is invited to an Executive Committee meeting or an Honour and Justice hearing.
    """
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "invite", meeting)
    candidates = services.current_memberships(actor.mesa).select_related("user")
    data = valid(InviteForm(form_data(payload.model_dump()), candidates=candidates))
    invitation = services.invite(
        meeting=meeting, membership=data["membership"], role=data["role"], by=actor, request=request
    )
    return Status(201, next(i for i in _invitations(meeting) if i.pk == invitation.pk))


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/reply",
    response=InvitationOut,
    summary="Reply to an invitation",
    url_name="meeting_reply",
)
def reply(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: ReplyIn) -> Invitation:
    """Say whether the caller will attend; an official may send a delegate, named.

    A new reply replaces the last one; sending the reply already recorded answers 409 and
    changes nothing. Only invitees reply (403 for others), until the meeting ends.
    """
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    invitation = (
        Invitation.objects.filter(meeting=meeting, membership=actor.membership).select_related("membership").first()
    )
    if invitation is None:
        raise PermissionDenied
    form = ReplyForm(
        form_data(payload.model_dump()), may_send_delegate=invitation.membership.kind == Membership.Kind.OFFICIAL
    )
    data = valid(form)
    changed = services.reply_to_invitation(
        invitation=invitation,
        reply=data["reply"],
        delegate_name=data.get("delegate_name", ""),
        by=actor,
        request=request,
    )
    if not changed:
        raise Problem(409, _("Your reply had already been recorded; nothing changed."))
    return next(i for i in _invitations(meeting) if i.pk == invitation.pk)


# --- attendance --------------------------------------------------------------------------


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/attendance",
    response=list[InvitationOut],
    summary="Record attendance",
    url_name="meeting_attendance",
)
def record_attendance(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: AttendanceIn) -> list[Invitation]:
    """Record invitees' attendance (present, justified or unjustified absence, or a named delegate
    for an official's seat); all or nothing. Those who run the meeting take it, from an hour
    before a convened meeting starts, and may correct it afterwards. Answers every invitation.
    """
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    meeting_policy.require(actor, "attendance", meeting)
    invitations = _invitations(meeting)
    invited = {str(i.membership.public_id) for i in invitations}
    data: dict[str, Any] = {}
    for entry in payload.entries:
        data[f"status-{entry.membership}"] = entry.status
        data[f"delegate-{entry.membership}"] = entry.delegate_name
    _refuse_uninvited(actor, [str(e.membership) for e in payload.entries], invited)
    recorded = {i.membership_id: i.attendance_row for i in invitations if i.attendance_row}  # type: ignore[attr-defined]
    form = AttendanceForm(data, invitations=invitations, recorded=recorded)
    valid(form)
    services.record_attendance(meeting=meeting, entries=form.entries(), by=actor, request=request)
    return _invitations(meeting)


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        max_length=64, description="The code in the meeting's check-in QR (the last part of its address)."
    )


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/check-in",
    response=AttendanceOut,
    summary="Check in with the meeting's code",
    url_name="meeting_check_in",
)
def check_in(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: CheckInIn) -> Attendance:
    """Record the caller present with the code of the meeting's check-in QR, as the page it opens does.

    Only invitees, from an hour before a convened meeting starts until it ends; a wrong code,
    a closed check-in or a caller not invited answers 422 and records nothing. Checking in
    again changes nothing and answers the same attendance.
    """
    actor = mesa_actor(request, slug)
    meeting = _meeting(actor, public_id)
    membership = actor.membership
    if membership is None:
        raise Http404
    services.check_in(meeting=meeting, membership=membership, code=payload.code, by=actor, request=request)
    return Attendance.objects.get(meeting=meeting, membership=membership)


class AbsenceOut(Schema):
    member: MemberRef
    kind: Membership.Kind
    meetings: int = Field(
        description="Citizens' meetings and plenaries of the last 12 months with attendance recorded."
    )
    unjustified: int
    pct: int = Field(description="Unjustified absences per cent of those meetings, rounded down.")
    exceeds: bool = Field(description="Over the Mesa's limit of unjustified absences.")


@router.get(
    "/mesas/{slug}/absences",
    response=list[AbsenceOut],
    summary="Each member's unjustified absences",
    url_name="absences",
)
def list_absences(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Each current member's unjustified absences over the last 12 months of citizens' meetings and
    plenaries against the Mesa's limit (Cuadro 10), as the web's absences report shows them: for the
    coordinator and the technical secretary.
    """
    actor = mesa_actor(request, slug)
    meeting_policy.require(actor, "attendance_report")
    return [
        {
            "member": row["membership"],
            "kind": row["membership"].kind,
            "meetings": row["total"],
            "unjustified": row["unjustified"],
            "pct": row["pct"],
            "exceeds": row["exceeds"],
        }
        for row in services.absence_rates(actor.mesa)
    ]
