"""Admissions: applications for citizen membership, each step of the process, and the Mesa's bylaws.

Every operation goes through the admissions' one policy (msj/admissions/policies.py) and writes
through msj/admissions/services.py, so the API sees and refuses exactly what the pages do:
officials and network staff get 404 for everything here.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.admissions import services
from msj.admissions.forms import ApplicationForm, BylawsForm
from msj.admissions.models import Application, Bylaws, CandidateFile, Event, RequirementCheck
from msj.admissions.policies import admission_policy
from msj.admissions.rules import REQUIREMENT_KEYS
from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.problems import Problem, field_error
from msj.api.schemas import MemberRef
from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.committees.models import Committee, CommitteeMember
from msj.meetings.models import Meeting
from msj.members.access import Actor

router = Router(tags=["admissions"])


class FileOut(Schema):
    kind: CandidateFile.Kind
    name: str = Field(description="The file's name as sent.")
    content_type: str
    size: int
    sha256: str

    @staticmethod
    def resolve_name(obj: CandidateFile) -> str:
        return obj.original_name


class CheckOut(Schema):
    requirement: str = Field(description="The requirement of Cuadro 10, by its key.")
    label: str
    met: bool
    note: str

    @staticmethod
    def resolve_label(obj: RequirementCheck) -> str:
        return str(obj.get_requirement_display())


class EventOut(Schema):
    step: Event.Kind
    label: str
    at: dt.datetime
    note: str

    @staticmethod
    def resolve_step(obj: Event) -> str:
        return obj.kind

    @staticmethod
    def resolve_label(obj: Event) -> str:
        return str(obj.get_kind_display())


class AdmissionMeetingRef(Schema):
    public_id: uuid.UUID
    title: str
    starts_at: dt.datetime


class VoteRef(Schema):
    public_id: uuid.UUID
    question: str
    opens_at: dt.datetime
    closes_at: dt.datetime


class CommitteeRef(Schema):
    public_id: uuid.UUID
    name: str


class CommitteeRequestOut(Schema):
    public_id: uuid.UUID
    committee: CommitteeRef
    status: CommitteeMember.Status
    joined_on: dt.date | None


class ApplicationOut(Schema):
    public_id: uuid.UUID
    candidate_name: str
    candidate_email: str
    status: Application.Status
    proposer: MemberRef
    submitted_on: dt.date
    presented_on: dt.date | None
    decided_on: dt.date | None


class ApplicationDetailOut(ApplicationOut):
    files: list[FileOut]
    checks: list[CheckOut] = Field(description="The Executive Committee's finding on each requirement, once reviewed.")
    presented_at: AdmissionMeetingRef | None
    vote: VoteRef | None = Field(description="The latest vote; its page and result are under /votes/.")
    membership: MemberRef | None = Field(description="The new member's place in the Mesa, once admitted.")
    bylaws_version: int | None
    signed_at: AdmissionMeetingRef | None
    signed_on: dt.date | None
    committee_request: CommitteeRequestOut | None
    timeline: list[EventOut]

    @staticmethod
    def resolve_files(obj: Application) -> Any:
        return list(obj.files.all())

    @staticmethod
    def resolve_checks(obj: Application) -> Any:
        order = {key: i for i, key in enumerate(REQUIREMENT_KEYS)}
        return sorted(obj.checks.all(), key=lambda c: order.get(c.requirement, len(order)))

    @staticmethod
    def resolve_committee_request(obj: Application) -> Any:
        if obj.committee_request_id is None:
            return None
        return CommitteeMember.objects.select_related("committee").get(pk=obj.committee_request_id)

    @staticmethod
    def resolve_timeline(obj: Application) -> Any:
        return list(obj.events.all())


class BylawsOut(Schema):
    version: int
    text: str
    adopted_on: dt.date


class BylawsPageOut(Schema):
    current: BylawsOut | None = Field(description="The version in force, sent with every welcome letter.")
    versions: list[int]


class ApplicationIn(Schema):
    candidate_name: str
    candidate_email: str


class CheckIn(Schema):
    model_config = ConfigDict(extra="forbid")

    requirement: str = Field(description="One of: " + ", ".join(REQUIREMENT_KEYS))
    met: bool
    note: str = ""


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")

    checks: list[CheckIn] = Field(
        description="One finding per requirement of Cuadro 10; a requirement not met needs a note."
    )


class PresentationMeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    meeting: uuid.UUID = Field(description="A citizens' meeting of the Mesa that has taken place.")


class SigningIn(PresentationMeetingIn):
    signed_on: dt.date = Field(description="The date of that meeting.")


class CommitteeChoiceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    committee: uuid.UUID


class BylawsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str
    adopted_on: dt.date


def _queryset() -> QuerySet[Application]:
    return Application.objects.select_related(
        "mesa", "proposer__user", "vote", "membership__user", "presented_at", "signed_at"
    )


def _get(actor: Actor, public_id: uuid.UUID, action: str = "view") -> Application:
    admission_policy.require(actor, "list")
    application: Application = admission_policy.get(actor, _queryset(), public_id)
    admission_policy.require(actor, action, application)
    return application


def _fresh(application: Application) -> Application:
    return _queryset().get(pk=application.pk)


def _meeting(actor: Actor, public_id: uuid.UUID) -> Meeting | None:
    return Meeting.objects.filter(mesa=actor.mesa, public_id=public_id).first()


@router.get(
    "/mesas/{slug}/admissions", response=list[ApplicationOut], summary="List the applications", url_name="admissions"
)
@paginate
def list_applications(
    request: HttpRequest, slug: str, status: Application.Status | None = None
) -> QuerySet[Application]:
    """The applications for admission the caller may see, most recent first.

    The Executive Committee and the technical secretary see them all; other citizen members see
    those whose CV was distributed, and the ones they proposed.
    """
    actor = mesa_actor(request, slug)
    admission_policy.require(actor, "list")
    rows = admission_policy.visible(actor, _queryset())
    if status is not None:
        rows = rows.filter(status=status)
    return rows.order_by("-submitted_on", "-id")


@router.post(
    "/mesas/{slug}/admissions",
    response={201: ApplicationDetailOut},
    summary="Propose a candidate",
    url_name="admission_apply",
)
def apply(
    request: HttpRequest,
    slug: str,
    payload: Form[ApplicationIn],
    cv: File[UploadedFile],
    photo: File[UploadedFile],
    letter: File[UploadedFile],
) -> Status[Application]:
    """A citizen member proposes a candidate, as `multipart/form-data`: the candidate's name and
    e-mail, and three files: `cv` and `letter` (PDF) and `photo` (JPEG or PNG), 5 MB at most each.

    The type is checked by content and name; one refused file refuses the whole application with
    422, naming the field. A candidate not admitted waits the Mesa's re-application period from
    their last application.
    """
    actor = mesa_actor(request, slug)
    admission_policy.require(actor, "apply")
    data = form_data(payload.model_dump())
    files: MultiValueDict[str, Any] = MultiValueDict({"cv": [cv], "photo": [photo], "letter": [letter]})
    form = ApplicationForm(data, files)
    cleaned = valid(form)
    application = services.submit_application(
        mesa=actor.mesa,
        by=actor,
        candidate_name=cleaned["candidate_name"],
        candidate_email=cleaned["candidate_email"],
        files={"cv": cleaned["cv"], "photo": cleaned["photo"], "letter": cleaned["letter"]},
        request=request,
    )
    return Status(201, _fresh(application))


@router.get(
    "/mesas/{slug}/admissions/{uuid:public_id}",
    response=ApplicationDetailOut,
    summary="Get an application",
    url_name="admission",
)
def get_application(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Application:
    """One application with its files, the review, the vote, what followed and its timeline."""
    actor = mesa_actor(request, slug)
    return _get(actor, public_id)


@router.get(
    "/mesas/{slug}/admissions/{uuid:public_id}/files/{kind}",
    summary="Download one of the candidate's files",
    url_name="admission_file",
    response={200: None},
)
def download(request: HttpRequest, slug: str, public_id: uuid.UUID, kind: CandidateFile.Kind) -> HttpResponse:
    """The candidate's `cv`, `photo` or `letter`, for whoever may see the application; audited."""
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id)
    item = CandidateFile.objects.filter(application=application, kind=kind).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        AuditEvent.Action.EXPORT,
        obj=item,
        actor=actor,
        mesa=actor.mesa,
        after={"application": str(application.public_id), "kind": item.kind, "sha256": item.sha256},
        request=request,
    )
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)  # type: ignore[return-value]


@router.post(
    "/mesas/{slug}/admissions/{uuid:public_id}/review",
    response=ApplicationDetailOut,
    summary="Review an application against the requirements",
    url_name="admission_review",
)
def review(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: ReviewIn) -> Application:
    """An Executive Committee member records met / not met, with a note, for every requirement of
    Cuadro 10. The application goes on only when every requirement is met; otherwise it is closed.
    """
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id, "review")
    checks: dict[str, tuple[bool, str]] = {}
    for check in payload.checks:
        if check.requirement in checks:
            message = _("The requirement %(key)s is given twice.") % {"key": check.requirement}
            raise Problem(422, errors=[field_error("checks", message)])
        checks[check.requirement] = (check.met, check.note)
    services.review_application(application=application, checks=checks, by=actor, request=request)
    return _fresh(application)


@router.post(
    "/mesas/{slug}/admissions/{uuid:public_id}/distribute",
    response=ApplicationDetailOut,
    summary="Distribute the CV to the citizen members",
    url_name="admission_distribute",
)
def distribute(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Application:
    """E-mail every active citizen member a link to the reviewed application (the Executive
    Committee or the technical secretary)."""
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id, "distribute")
    services.distribute(application=application, by=actor, request=request)
    return _fresh(application)


@router.post(
    "/mesas/{slug}/admissions/{uuid:public_id}/presentation",
    response=ApplicationDetailOut,
    summary="Record the presentation at a citizens' meeting",
    url_name="admission_present",
)
def present(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: PresentationMeetingIn) -> Application:
    """Record the citizens' meeting where the candidate was presented; the vote is then opened by
    the next day (by the daily job, or at once by the technical secretary)."""
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id, "present")
    services.record_presentation(
        application=application, meeting=_meeting(actor, payload.meeting), by=actor, request=request
    )
    return _fresh(application)


@router.post(
    "/mesas/{slug}/admissions/{uuid:public_id}/vote",
    response=ApplicationDetailOut,
    summary="Open the vote on a candidate",
    url_name="admission_open_vote",
)
def open_vote(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Application:
    """The technical secretary opens the vote at once (or again, after a vote without quorum).
    The electors are the active citizen members; the window is the Mesa's admission window."""
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id, "open_vote")
    services.open_admission_vote(application=application, by=actor, request=request)
    return _fresh(application)


@router.post(
    "/mesas/{slug}/admissions/{uuid:public_id}/signing",
    response=ApplicationDetailOut,
    summary="Record the signing of the bylaws",
    url_name="admission_signing",
)
def signing(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: SigningIn) -> Application:
    """Record that the new member signed the bylaws at a citizens' session, and its date."""
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id, "record_signing")
    services.record_signing(
        application=application,
        meeting=_meeting(actor, payload.meeting),
        signed_on=payload.signed_on,
        by=actor,
        request=request,
    )
    return _fresh(application)


@router.post(
    "/mesas/{slug}/admissions/{uuid:public_id}/committee",
    response=ApplicationDetailOut,
    summary="Choose the new member's committee",
    url_name="admission_committee",
)
def choose_committee(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: CommitteeChoiceIn) -> Application:
    """The new member (or the technical secretary for them) asks to join a committee; its
    coordinator endorses the request on the committee (…/committees/{id}/requests/…)."""
    actor = mesa_actor(request, slug)
    application = _get(actor, public_id, "choose_committee")
    committee = Committee.objects.filter(mesa=actor.mesa, public_id=payload.committee).first()
    services.choose_committee(application=application, committee=committee, by=actor, request=request)
    return _fresh(application)


@router.get("/mesas/{slug}/bylaws", response=BylawsPageOut, summary="Get the bylaws", url_name="bylaws")
def get_bylaws(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The Mesa's bylaws in force (none if not recorded yet) and the numbers of every version."""
    actor = mesa_actor(request, slug)
    admission_policy.require(actor, "view_bylaws")
    current = services.bylaws_in_force(actor.mesa)
    versions = list(Bylaws.objects.filter(mesa=actor.mesa).order_by("version").values_list("version", flat=True))
    return {"current": current, "versions": versions}


@router.post(
    "/mesas/{slug}/bylaws",
    response={201: BylawsOut},
    summary="Record a new version of the bylaws",
    url_name="bylaws_new",
)
def new_bylaws(request: HttpRequest, slug: str, payload: BylawsIn) -> Status[Any]:
    """The technical secretary records a new version; earlier ones are kept as they were."""
    actor = mesa_actor(request, slug)
    admission_policy.require(actor, "edit_bylaws")
    cleaned = valid(BylawsForm(form_data(payload.model_dump())))
    bylaws = services.adopt_bylaws(
        mesa=actor.mesa, text=cleaned["text"], adopted_on=cleaned["adopted_on"], by=actor, request=request
    )
    return Status(201, bylaws)
