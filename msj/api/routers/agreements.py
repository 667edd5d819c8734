"""The agreements matrix: list with the web's filters, one agreement with its timeline, and the writes.

Every operation goes through the agreements' one policy (msj/agreements/policies.py) and
checks its input with the web's own forms, so that the API can never accept what a page
refuses, nor show what a page hides.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.db.models import BooleanField, Case, Prefetch, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.agreements import services
from msj.agreements.forms import AgreementForm, FollowUpForm, MatrixFilterForm
from msj.agreements.models import Agreement, Evidence, FollowUp
from msj.agreements.policies import agreement_policy
from msj.agreements.selectors import matrix_rows
from msj.api.access import mesa_actor
from msj.api.inputs import form_data
from msj.api.problems import Problem, field_error, form_errors
from msj.api.schemas import MemberRef
from msj.members.access import Actor

router = Router(tags=["agreements"])


class NamedRef(Schema):
    public_id: uuid.UUID
    name: str


class MeetingRef(Schema):
    public_id: uuid.UUID
    title: str
    starts_at: dt.datetime


class ResponsibleSeatRef(Schema):
    public_id: uuid.UUID
    post: str
    label: str
    holder: MemberRef | None

    @staticmethod
    def resolve_post(obj: Any) -> str:
        return str(obj.post.name)

    @staticmethod
    def resolve_holder(obj: Any) -> Any:
        holders = getattr(obj, "current_holders", [])
        return holders[0] if holders else None


class TopicRef(Schema):
    public_id: uuid.UUID
    title: str


class AgreementOut(Schema):
    public_id: uuid.UUID
    code: str
    year: int
    number: int
    text: str
    origin_meeting: MeetingRef | None
    committee: NamedRef | None
    committee_coordinator: MemberRef | None
    responsible_seats: list[ResponsibleSeatRef]
    institutions: str
    responsible_people: list[MemberRef]
    topics: list[TopicRef]
    due_on: dt.date | None
    priority: Agreement.Priority
    status: Agreement.Status
    overdue: bool = Field(description="Open or in progress and past its due date, today where the Mesa sits.")
    closed_on: dt.date | None
    audience: Agreement.Audience
    last_follow_up_on: dt.date | None
    last_progress: int | None

    @staticmethod
    def resolve_committee_coordinator(obj: Agreement) -> Any:
        coordinators = getattr(obj.committee, "current_coordinators", []) if obj.committee else []
        return coordinators[0].membership if coordinators else None

    @staticmethod
    def resolve_responsible_seats(obj: Agreement) -> list[Any]:
        return list(obj.responsible_seats.all())

    @staticmethod
    def resolve_responsible_people(obj: Agreement) -> list[Any]:
        return list(obj.responsible_people.all())

    @staticmethod
    def resolve_topics(obj: Agreement) -> list[Any]:
        return list(obj.topics.all())

    @staticmethod
    def resolve_overdue(obj: Agreement) -> bool:
        return bool(getattr(obj, "overdue_today", False))


class EvidenceOut(Schema):
    public_id: uuid.UUID
    name: str = Field(validation_alias="original_name")
    content_type: str
    size: int
    sha256: str


class FollowUpOut(Schema):
    public_id: uuid.UUID
    on: dt.date
    meeting: MeetingRef | None
    note: str
    progress: int | None
    status_after: Agreement.Status | None
    author: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_author(obj: FollowUp) -> str:
        return str(obj.author.full_name)

    @staticmethod
    def resolve_status_after(obj: FollowUp) -> str | None:
        return obj.status_after or None

    @staticmethod
    def resolve_evidence(obj: FollowUp) -> list[Any]:
        return list(obj.evidence.all())


class AgreementDetailOut(AgreementOut):
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj: Agreement) -> list[Any]:
        return list(obj.follow_ups.all())


class AgreementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str
    origin_meeting: uuid.UUID | None = Field(None, description="Fixed once taken: it sets the agreement's audience.")
    committee: uuid.UUID | None = None
    responsible_seats: list[uuid.UUID] = []
    responsible_people: list[uuid.UUID] = Field([], description="Memberships of the Mesa, by public id.")
    institutions: str = ""
    due_on: dt.date | None = None
    priority: Agreement.Priority = Agreement.Priority.NORMAL
    topics: list[uuid.UUID] = []


class AgreementPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    committee: uuid.UUID | None = None
    responsible_seats: list[uuid.UUID] | None = None
    responsible_people: list[uuid.UUID] | None = None
    institutions: str | None = None
    due_on: dt.date | None = None
    priority: Agreement.Priority | None = None
    topics: list[uuid.UUID] | None = None


class FollowUpIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date
    note: str
    progress: int | None = None
    status_after: Agreement.Status | None = Field(
        None, description="Moves the agreement; only those who keep the matrix or the committee's officers may."
    )
    meeting: uuid.UUID | None = None


def _rows(actor: Actor, queryset: Any = None) -> QuerySet[Agreement]:
    today = actor.mesa.today()
    return matrix_rows(actor, queryset).annotate(
        overdue_today=Case(
            When(status__in=[Agreement.Status.OPEN, Agreement.Status.IN_PROGRESS], due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _detail(actor: Actor, public_id: uuid.UUID) -> Agreement:
    timeline = FollowUp.objects.select_related("author", "meeting").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("created_at", "pk"))
    )
    queryset = _rows(actor).prefetch_related(
        Prefetch("follow_ups", queryset=timeline.order_by("-on", "-created_at", "-pk"))
    )
    agreement: Agreement = agreement_policy.get(actor, queryset, public_id)
    return agreement


@router.get(
    "/mesas/{slug}/agreements", response=list[AgreementOut], summary="List the agreements matrix", url_name="agreements"
)
@paginate
def list_agreements(
    request: HttpRequest,
    slug: str,
    q: str | None = None,
    status: str | None = None,
    committee: uuid.UUID | None = None,
    seat: uuid.UUID | None = None,
    institution: str | None = None,
    person: uuid.UUID | None = None,
    priority: Agreement.Priority | None = None,
    year: int | None = None,
    topic: uuid.UUID | None = None,
) -> QuerySet[Agreement]:
    """The agreements the caller may read, newest first, with the matrix page's filters.

    `status` is open, in_progress, done, cancelled or overdue; `q` searches the text and the
    institutions, or finds a code such as 2026-014; `person` is a membership's public id
    and gathers what that person answers for (named, through their seat, or as the
    coordinator of the responsible committee).
    """
    actor = mesa_actor(request, slug)
    agreement_policy.require(actor, "view")
    params = {
        "q": q,
        "status": status,
        "committee": committee,
        "seat": seat,
        "institution": institution,
        "person": person,
        "priority": priority,
        "year": year,
        "topic": topic,
    }
    form = MatrixFilterForm(form_data({k: v for k, v in params.items() if v is not None}), actor=actor)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors, location="query"))
    return _rows(actor, form.filtered(Agreement.objects.all(), actor.mesa.today()))


@router.get(
    "/mesas/{slug}/agreements/{uuid:public_id}",
    response=AgreementDetailOut,
    summary="Get an agreement and its follow-up timeline",
    url_name="agreement",
)
def get_agreement(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Agreement:
    """One agreement with its follow-ups, newest first, and the evidence files of each (names and
    fingerprints; the files themselves are downloaded from the agreement's web page)."""
    actor = mesa_actor(request, slug)
    agreement_policy.require(actor, "view")
    return _detail(actor, public_id)


@router.post(
    "/mesas/{slug}/agreements",
    response={201: AgreementDetailOut},
    summary="Record an agreement",
    url_name="agreement_create",
)
def create_agreement(request: HttpRequest, slug: str, payload: AgreementIn) -> Status[Agreement]:
    """Record an agreement with the next number of its Mesa and year (technical secretary and coordinator).

    It is checked exactly as on the web: nothing of another Mesa, a due date no earlier than
    the origin meeting. Its audience follows the origin meeting's body.
    """
    actor = mesa_actor(request, slug)
    agreement_policy.require(actor, "create")
    form = AgreementForm(form_data(payload.model_dump()), actor=actor)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors))
    data = form.cleaned_data
    agreement = services.create_agreement(
        mesa=actor.mesa,
        text=data["text"],
        by=actor,
        origin_meeting=data["origin_meeting"],
        committee=data["committee"],
        due_on=data["due_on"],
        priority=data["priority"],
        responsible_seats=data["responsible_seats"],
        responsible_people=data["responsible_people"],
        institutions=data["institutions"],
        topics=data["topics"],
        request=request,
    )
    return Status(201, _detail(actor, agreement.public_id))


@router.patch(
    "/mesas/{slug}/agreements/{uuid:public_id}",
    response=AgreementDetailOut,
    summary="Change an agreement",
    url_name="agreement_change",
)
def change_agreement(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: AgreementPatch) -> Agreement:
    """Change what an agreement says or who answers for it (technical secretary and coordinator).

    Send only what changes. The number and origin meeting stay; the status moves through
    follow-ups. The audit trail keeps the values before and after.
    """
    actor = mesa_actor(request, slug)
    agreement = _detail(actor, public_id)
    agreement_policy.require(actor, "edit", agreement)
    current = {
        "text": agreement.text,
        "committee": agreement.committee.public_id if agreement.committee else None,
        "responsible_seats": [s.public_id for s in agreement.responsible_seats.all()],
        "responsible_people": [m.public_id for m in agreement.responsible_people.all()],
        "institutions": agreement.institutions,
        "due_on": agreement.due_on,
        "priority": agreement.priority,
        "topics": [t.public_id for t in agreement.topics.all()],
    }
    changes = payload.model_dump(exclude_unset=True)
    form = AgreementForm(form_data({**current, **changes}), actor=actor, agreement=agreement)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors))
    data = form.cleaned_data
    services.update_agreement(
        agreement=agreement,
        by=actor,
        **{name: data[name] for name in current},
        request=request,
    )
    return _detail(actor, public_id)


@router.post(
    "/mesas/{slug}/agreements/{uuid:public_id}/follow-ups",
    response={201: FollowUpOut},
    summary="Add a follow-up to an agreement",
    url_name="agreement_follow_up",
)
def add_follow_up(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: FollowUpIn) -> Status[FollowUp]:
    """Append an entry to the agreement's timeline; entries are never edited or removed.

    Those who keep the matrix, the responsible committee's coordinator and alternate, and the
    officials whose seat is responsible may add one; only the first two may move the status
    (done or cancelled closes the agreement on the entry's date; open or in progress reopens it).
    Evidence files are attached with `…/follow-ups/with-evidence`.
    """
    actor = mesa_actor(request, slug)
    agreement = _detail(actor, public_id)
    agreement_policy.require(actor, "follow_up", agreement)
    if payload.status_after and not agreement_policy.can(actor, "change_status", agreement):
        raise Problem(403, errors=[field_error("status_after", _status_refused())])
    form = FollowUpForm(form_data(payload.model_dump()), actor=actor, agreement=agreement)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors))
    data = form.cleaned_data
    entry = services.add_follow_up(
        agreement=agreement,
        by=actor,
        on=data["on"],
        note=data["note"],
        progress=data["progress"],
        status_after=data.get("status_after") or "",
        meeting=data["meeting"],
        request=request,
    )
    return Status(201, FollowUp.objects.select_related("author", "meeting").get(pk=entry.pk))


@router.post(
    "/mesas/{slug}/agreements/{uuid:public_id}/follow-ups/with-evidence",
    response={201: FollowUpOut},
    summary="Add a follow-up with evidence files to an agreement",
    url_name="agreement_follow_up_evidence",
)
def add_follow_up_with_evidence(
    request: HttpRequest,
    slug: str,
    public_id: uuid.UUID,
    payload: Form[FollowUpIn],
    evidence: File[list[UploadedFile]],
) -> Status[FollowUp]:
    """Append an entry with its evidence files, sent as `multipart/form-data` (the fields of a
    follow-up, and one `evidence` part per file), with the same rights as a follow-up without files.

    Each file is checked as on the web page, by its content and its name: PDF, JPEG, PNG, XLSX,
    DOCX, CSV or TXT, within the size limit per file. One refused file refuses the whole entry
    with 422, and nothing is stored.
    """
    actor = mesa_actor(request, slug)
    agreement = _detail(actor, public_id)
    agreement_policy.require(actor, "follow_up", agreement)
    if payload.status_after and not agreement_policy.can(actor, "change_status", agreement):
        raise Problem(403, errors=[field_error("status_after", _status_refused())])
    data = form_data(payload.model_dump())
    files = request.FILES.copy()
    files.setlist("evidence", evidence)  # type: ignore[arg-type]
    form = FollowUpForm(data, files, actor=actor, agreement=agreement)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors))
    cleaned = form.cleaned_data
    entry = services.add_follow_up(
        agreement=agreement,
        by=actor,
        on=cleaned["on"],
        note=cleaned["note"],
        progress=cleaned["progress"],
        status_after=cleaned.get("status_after") or "",
        meeting=cleaned["meeting"],
        files=cleaned["evidence"],
        request=request,
    )
    return Status(
        201,
        FollowUp.objects.select_related("author", "meeting")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created_at", "pk")))
        .get(pk=entry.pk),
    )


def _status_refused() -> str:
    return _("You may report on this agreement, but its status is moved by those who keep the matrix.")
