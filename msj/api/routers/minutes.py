"""The minutes (acta) of a meeting: read by agenda item, write, circulate, comment, approve, seal, correct.

Whoever may see a meeting reads its minutes once circulated (the minutes of a citizens'
meeting are for citizens and the secretary only); drafts, and every write, belong to the
technical secretary and the coordinator (msj/minutes/policies.py). Nothing is recorded
outside the meeting's own agenda: an item of another meeting is refused with 422.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from msj.agreements.models import Agreement
from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.problems import Problem
from msj.api.schemas import MemberRef
from msj.meetings.models import AgendaItem, Attendance, Meeting
from msj.members.access import Actor
from msj.minutes import services
from msj.minutes.access import meeting_for, minutes_for
from msj.minutes.act import load_act
from msj.minutes.forms import AgreementForm, ApproveForm, CommentForm, CorrectionForm, EntryForm
from msj.minutes.models import Correction, Minutes, MinutesComment, MinutesEntry
from msj.minutes.policies import minutes_policy

router = Router(tags=["minutes"])


class MinutesMeetingRef(Schema):
    public_id: uuid.UUID
    kind: Meeting.Kind
    title: str
    starts_at: dt.datetime


class ItemRef(Schema):
    public_id: uuid.UUID
    position: int
    kind: AgendaItem.Kind
    title: str
    presenter: MemberRef | None

    @staticmethod
    def resolve_title(obj: AgendaItem) -> str:
        return obj.heading


class EntryOut(Schema):
    public_id: uuid.UUID
    summary: str
    decisions: str


class AgreementRowOut(Schema):
    public_id: uuid.UUID
    code: str
    text: str
    committee: str | None
    due_on: dt.date | None
    priority: Agreement.Priority
    status: Agreement.Status
    responsible: list[str] = Field(description="Seats and people responsible, by name.")


class CommentOut(Schema):
    public_id: uuid.UUID
    author: str
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: MinutesComment) -> str:
        return str(obj.author.full_name)


class CorrectionOut(Schema):
    public_id: uuid.UUID
    text: str
    reason: str
    recorded_by: str
    approved_at: MinutesMeetingRef
    created_at: dt.datetime

    @staticmethod
    def resolve_recorded_by(obj: Correction) -> str:
        return str(obj.recorded_by.full_name)


class ItemRecordOut(Schema):
    item: ItemRef
    entry: EntryOut | None
    agreements: list[AgreementRowOut]
    comments: list[CommentOut]
    corrections: list[CorrectionOut]


class AttendanceRowOut(Schema):
    person: MemberRef
    status: Attendance.Status
    delegate_name: str

    @staticmethod
    def resolve_person(obj: Attendance) -> Any:
        return obj.membership


class ExportsOut(Schema):
    pdf: str
    docx: str


class MinutesOut(Schema):
    public_id: uuid.UUID | None = Field(description="Null while nothing has been written (writers only see this).")
    meeting: MinutesMeetingRef
    status: Minutes.Status
    circulated_at: dt.datetime | None
    approved_at: MinutesMeetingRef | None = Field(description="The later meeting of the same body that approved them.")
    sealed_at: dt.datetime | None
    not_yet: str | None = Field(description="Why the minutes cannot be started yet, if so.")
    items: list[ItemRecordOut] = Field(description="The agenda, in order, with what was recorded under each item.")
    unplaced_agreements: list[AgreementRowOut] = Field(
        description="Agreements of the meeting recorded without an item (elsewhere than in the minutes)."
    )
    attendance: list[AttendanceRowOut]
    exports: ExportsOut | None = Field(description="The PDF and DOCX of the acta, on the web (session sign-in).")


class AgreementRecordedOut(Schema):
    public_id: uuid.UUID
    code: str
    text: str
    item: ItemRef

    @staticmethod
    def resolve_item(obj: Agreement) -> Any:
        return obj.origin_item


class EntryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item: uuid.UUID = Field(description="An item of this meeting's agenda.")
    summary: str = ""
    decisions: str = ""


class MinutesAgreementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item: uuid.UUID = Field(description="The agenda item under which the agreement was taken.")
    text: str
    committee: uuid.UUID | None = None
    due_on: dt.date
    priority: Agreement.Priority = Agreement.Priority.NORMAL
    responsible_seats: list[uuid.UUID] = []
    responsible_people: list[uuid.UUID] = Field([], description="Memberships of the Mesa, by public id.")


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item: uuid.UUID
    text: str


class ApproveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    meeting: uuid.UUID = Field(description="The later, held meeting of the same body where they were approved.")


class CorrectionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item: uuid.UUID
    text: str
    reason: str
    approved_at: uuid.UUID = Field(description="The meeting that approved the correction.")


def _act(actor: Actor, meeting: Meeting, minutes: Minutes) -> dict[str, Any]:
    act = load_act(meeting, minutes)
    exports = None
    if minutes.pk is not None and minutes_policy.can(actor, "export", minutes):
        kwargs = {"mesa_slug": meeting.mesa.slug, "meeting_id": meeting.public_id}
        exports = {
            "pdf": reverse("minutes:export_pdf", kwargs=kwargs),
            "docx": reverse("minutes:export_docx", kwargs=kwargs),
        }
    return {
        "public_id": minutes.public_id if minutes.pk else None,
        "meeting": meeting,
        "status": minutes.status,
        "circulated_at": minutes.circulated_at,
        "approved_at": minutes.approved_at,
        "sealed_at": minutes.sealed_at,
        "not_yet": None if minutes.pk else services.why_no_minutes(meeting),
        "items": [
            {
                "item": record.item,
                "entry": record.entry,
                "agreements": [_agreement_row(row) for row in record.agreements],
                "comments": record.comments,
                "corrections": record.corrections,
            }
            for record in act.items
        ],
        "unplaced_agreements": [_agreement_row(row) for row in act.unplaced_agreements],
        "attendance": act.attendance,
        "exports": exports,
    }


def _agreement_row(row: Any) -> dict[str, Any]:
    a = row.agreement
    return {
        "public_id": a.public_id,
        "code": a.code,
        "text": a.text,
        "committee": a.committee.name if a.committee else None,
        "due_on": a.due_on,
        "priority": a.priority,
        "status": a.status,
        "responsible": row.responsible,
    }


def _open(
    request: HttpRequest, slug: str, public_id: uuid.UUID, *, write: bool = False
) -> tuple[Actor, Meeting, Minutes]:
    actor = mesa_actor(request, slug)
    meeting = meeting_for(actor, public_id)
    return actor, meeting, minutes_for(actor, meeting, write=write)


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda.order_by("position"))


def _reloaded(actor: Actor, meeting: Meeting) -> dict[str, Any]:
    return _act(actor, meeting, minutes_for(actor, meeting))


@router.get(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes",
    response=MinutesOut,
    summary="Read a meeting's minutes",
    url_name="minutes",
)
def get_minutes(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """The acta: every agenda item with its entry, the agreements taken under it, comments and
    corrections; and the attendance. Readers get 404 while the minutes are a draft."""
    actor, meeting, minutes = _open(request, slug, public_id)
    return _act(actor, meeting, minutes)


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/entries",
    response=EntryOut,
    summary="Write the entry of an agenda item",
    url_name="minutes_entry",
)
def save_entry(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: EntryIn) -> MinutesEntry:
    """Write what was said and decided under one item of the meeting's agenda, replacing what was
    written there; while the minutes are a draft or circulated. The first entry starts the minutes."""
    actor, meeting, _minutes = _open(request, slug, public_id, write=True)
    data = valid(EntryForm(form_data(payload.model_dump()), meeting=meeting))
    return services.save_entry(
        meeting=meeting,
        item=data["item"],
        summary=data["summary"],
        decisions=data["decisions"],
        by=actor,
        request=request,
    )


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/agreements",
    response={201: AgreementRecordedOut},
    summary="Record an agreement in the minutes",
    url_name="minutes_agreement",
)
def record_agreement(
    request: HttpRequest, slug: str, public_id: uuid.UUID, payload: MinutesAgreementIn
) -> Status[Agreement]:
    """Record an agreement taken under an agenda item; it enters the agreements matrix with its
    number, and its audience follows the meeting's body."""
    actor, meeting, _minutes = _open(request, slug, public_id, write=True)
    form = AgreementForm(form_data(payload.model_dump()), meeting=meeting, items=_items(meeting))
    data = valid(form)
    agreement = services.record_agreement(
        meeting=meeting,
        item=data["item"],
        text=data["text"],
        committee=data["committee"],
        due_on=data["due_on"],
        priority=data["priority"],
        responsible_seats=data["responsible_seats"],
        responsible_people=data["responsible_people"],
        by=actor,
        request=request,
    )
    return Status(201, Agreement.objects.select_related("origin_item__presenter__user").get(pk=agreement.pk))


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/circulate",
    response=MinutesOut,
    summary="Circulate the minutes",
    url_name="minutes_circulate",
)
def circulate(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """Send the draft to the members who may see the meeting, for their comments."""
    actor, meeting, minutes = _open(request, slug, public_id)
    minutes_policy.require(actor, "circulate", minutes)
    services.circulate(minutes=minutes, by=actor, request=request)
    return _reloaded(actor, meeting)


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/comments",
    response={201: CommentOut},
    summary="Comment on circulated minutes",
    url_name="minutes_comment",
)
def add_comment(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: CommentIn) -> Status[MinutesComment]:
    """Comment on one item of circulated minutes, for the technical secretary to consider."""
    actor, meeting, minutes = _open(request, slug, public_id)
    if not minutes_policy.can(actor, "comment", minutes):
        raise Problem(422, _("Comments can be added only while the minutes are circulated."))
    data = valid(CommentForm(form_data(payload.model_dump()), meeting=meeting))
    comment = services.add_comment(minutes=minutes, item=data["item"], text=data["text"], by=actor, request=request)
    return Status(201, MinutesComment.objects.select_related("author").get(pk=comment.pk))


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/approve",
    response=MinutesOut,
    summary="Record the approval of the minutes",
    url_name="minutes_approve",
)
def approve(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: ApproveIn) -> dict[str, Any]:
    """Record that the circulated minutes were approved at a later, held meeting of the same body."""
    actor, meeting, minutes = _open(request, slug, public_id)
    minutes_policy.require(actor, "approve", minutes)
    meetings = services.same_body_meetings(actor, meeting)
    data = valid(ApproveForm(form_data(payload.model_dump()), meetings=meetings, candidates=[]))
    services.approve(minutes=minutes, at=data["meeting"], by=actor, request=request)
    return _reloaded(actor, meeting)


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/seal",
    response=MinutesOut,
    summary="Seal the minutes",
    url_name="minutes_seal",
)
def seal(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """Seal approved minutes: from then on only a recorded correction amends them."""
    actor, meeting, minutes = _open(request, slug, public_id)
    minutes_policy.require(actor, "seal", minutes)
    services.seal(minutes=minutes, by=actor, request=request)
    return _reloaded(actor, meeting)


@router.post(
    "/mesas/{slug}/meetings/{uuid:public_id}/minutes/corrections",
    response={201: CorrectionOut},
    summary="Record a correction of sealed minutes",
    url_name="minutes_correction",
)
def record_correction(
    request: HttpRequest, slug: str, public_id: uuid.UUID, payload: CorrectionIn
) -> Status[Correction]:
    """Record a correction of one item of sealed minutes, approved at the meeting that approved
    them or a later one of the same body; the sealed text itself never changes."""
    actor, meeting, minutes = _open(request, slug, public_id)
    minutes_policy.require(actor, "correct", minutes)
    if minutes.status != Minutes.Status.SEALED or minutes.approved_at is None:
        raise Problem(422, _("Only sealed minutes are amended by a correction; edit the minutes instead."))
    form = CorrectionForm(
        form_data(payload.model_dump()),
        meeting=meeting,
        items=_items(meeting),
        meetings=services.same_body_meetings(actor, meeting),
        candidates=[],
    )
    data = valid(form)
    correction = services.record_correction(
        minutes=minutes,
        item=data["item"],
        text=data["text"],
        reason=data["reason"],
        approved_at=data["approved_at"],
        by=actor,
        request=request,
    )
    return Status(201, Correction.objects.select_related("recorded_by", "approved_at").get(pk=correction.pk))
