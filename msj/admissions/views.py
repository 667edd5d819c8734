"""Admission pages: the applications, one application with its timeline, and each step's action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.admissions import services
from msj.admissions.forms import (
    ApplicationForm,
    BylawsForm,
    CommitteeChoiceForm,
    PresentationForm,
    ReviewForm,
    SigningForm,
)
from msj.admissions.models import Application, Bylaws, CandidateFile, Event
from msj.admissions.policies import admission_policy
from msj.admissions.rules import REQUIREMENTS, vote_due_on
from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.committees.models import CommitteeMember
from msj.core.forms import add_service_errors
from msj.members.access import mesa_view


def _refused(request: HttpRequest) -> None:
    messages.error(request, _("Nothing was recorded. Correct the fields marked below."))


def _queryset() -> Any:
    return Application.objects.select_related("mesa", "proposer__user", "vote", "membership__user")


def _get(request: HttpRequest, public_id: Any, action: str = "view") -> Application:
    """The application if the caller may see it (404 otherwise), then the right to `action` (403)."""
    actor = request.actor  # type: ignore[attr-defined]
    admission_policy.require(actor, "list")
    application = admission_policy.get(actor, _queryset(), public_id)
    admission_policy.require(actor, action, application)
    return application


def _to_detail(request: HttpRequest, application: Application) -> HttpResponse:
    return redirect("admissions:detail", mesa_slug=request.mesa.slug, public_id=application.public_id)  # type: ignore[attr-defined]


@mesa_view
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    admission_policy.require(actor, "list")
    applications = list(admission_policy.visible(actor, _queryset()))
    return render(
        request,
        "admissions/list.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "running": [a for a in applications if a.is_running],
            "decided": [a for a in applications if not a.is_running],
            "can_apply": admission_policy.can(actor, "apply"),
            "can_edit_bylaws": admission_policy.can(actor, "edit_bylaws"),
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """A citizen member proposes a candidate, with their CV, photo and motivation letter."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    admission_policy.require(actor, "apply")
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.submit_application(
                    mesa=mesa,
                    by=actor,
                    candidate_name=data["candidate_name"],
                    candidate_email=data["candidate_email"],
                    files={"cv": data["cv"], "photo": data["photo"], "letter": data["letter"]},
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The application was sent to the Executive Committee for review."))
                return _to_detail(request, application)
        _refused(request)
    return render(request, "admissions/apply.html", {"mesa": mesa, "form": form})


def timeline(application: Application) -> list[dict[str, Any]]:
    """Every step of the application with its date, and the committee's endorsement once given."""
    rows: list[dict[str, Any]] = [
        {"at": e.at, "label": e.get_kind_display(), "by": e.by.full_name if e.by else "", "note": e.note}
        for e in Event.objects.filter(application=application).select_related("by")
    ]
    member = application.committee_request
    if member is not None and member.status == CommitteeMember.Status.APPROVED and member.joined_on:
        rows.append(
            {
                "at": None,
                "on": member.joined_on,
                "label": _("Endorsed by the committee's coordinator: joined %(committee)s")
                % {"committee": member.committee.name},
                "by": member.approved_by.user.full_name if member.approved_by else "",
                "note": "",
            }
        )
    return rows


@mesa_view
@require_GET
def application_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    application = _get(request, public_id)
    if application.committee_request_id:
        application.committee_request = (
            CommitteeMember.objects.select_related("committee", "approved_by__user")
            .filter(pk=application.committee_request_id)
            .first()
        )
    checks = {c.requirement: c for c in application.checks.all()}
    vote = application.vote
    now = timezone.now()
    s = Application.Status

    def may(action: str, *statuses: str) -> bool:
        return application.status in statuses and admission_policy.can(actor, action, application)

    return render(
        request,
        "admissions/detail.html",
        {
            "mesa": mesa,
            "application": application,
            "files": list(application.files.all()),
            "requirements": [(r, checks.get(r.key)) for r in REQUIREMENTS],
            "timeline": timeline(application),
            "vote": vote,
            "vote_is_open": vote is not None and vote.is_open(now),
            "vote_due_on": vote_due_on(application.presented_on) if application.presented_on else None,
            "bylaws": services.bylaws_in_force(mesa),
            "may_review": may("review", s.SUBMITTED),
            "may_distribute": may("distribute", s.REVIEWED),
            "may_present": may("present", s.DISTRIBUTED),
            "may_open_vote": may("open_vote", s.PRESENTED, s.NOT_VALID),
            "may_record_signing": may("record_signing", s.ADMITTED) and application.membership_id is not None,
            "may_choose_committee": may("choose_committee", s.SIGNED)
            and (
                application.committee_request is None
                or application.committee_request.status == CommitteeMember.Status.DECLINED
            ),
        },
    )


@mesa_view
@require_GET
@never_cache
def download(request: HttpRequest, public_id: Any, kind: str) -> HttpResponse:
    """Hand over one of the candidate's files to whoever may see the application; audited."""
    actor = request.actor  # type: ignore[attr-defined]
    application = _get(request, public_id)
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


@mesa_view
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The Executive Committee's review against each requirement of Cuadro 10."""
    actor = request.actor  # type: ignore[attr-defined]
    application = _get(request, public_id, "review")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_application(application=application, checks=form.checks(), by=actor, request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                application.refresh_from_db()
                if application.status == Application.Status.REVIEWED:
                    messages.success(request, _("Every requirement is met: the CV may now be distributed."))
                else:
                    messages.warning(request, _("Not every requirement is met: the application is closed."))
                return _to_detail(request, application)
        _refused(request)
    return render(request, "admissions/review.html", {"mesa": request.mesa, "application": application, "form": form})  # type: ignore[attr-defined]


def _post_step(request: HttpRequest, public_id: Any, action: str, step: Any, done: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    application = _get(request, public_id, action)
    try:
        step(application=application, by=actor, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _to_detail(request, application)


@mesa_view
@require_POST
def distribute(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _post_step(
        request,
        public_id,
        "distribute",
        services.distribute,
        _("The CV was sent to every citizen member."),
    )


@mesa_view
@require_POST
def open_vote(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _post_step(
        request,
        public_id,
        "open_vote",
        services.open_admission_vote,
        _("The vote is open; every elector has received their ballot by e-mail."),
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def present(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record the citizens' meeting where the candidate was presented."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    application = _get(request, public_id, "present")
    form = PresentationForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_presentation(
                    application=application, meeting=form.cleaned_data["meeting"], by=actor, request=request
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The presentation was recorded. The vote opens by the next day."))
                return _to_detail(request, application)
        _refused(request)
    return render(request, "admissions/present.html", {"mesa": mesa, "application": application, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def record_signing(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record that the new member signed the bylaws at a citizens' session."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    application = _get(request, public_id, "record_signing")
    form = SigningForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_signing(
                    application=application,
                    meeting=form.cleaned_data["meeting"],
                    signed_on=form.cleaned_data["signed_on"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The signing of the bylaws was recorded."))
                return _to_detail(request, application)
        _refused(request)
    return render(request, "admissions/signing.html", {"mesa": mesa, "application": application, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def choose_committee(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The new member asks to join a committee; its coordinator endorses on the committee's page."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    application = _get(request, public_id, "choose_committee")
    form = CommitteeChoiceForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.choose_committee(
                    application=application, committee=form.cleaned_data["committee"], by=actor, request=request
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The request was sent to the committee's coordinator."))
                return _to_detail(request, application)
        _refused(request)
    return render(request, "admissions/committee.html", {"mesa": mesa, "application": application, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def bylaws(request: HttpRequest) -> HttpResponse:
    """The Mesa's bylaws in force, sent with every welcome letter; the secretary records new versions."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    admission_policy.require(actor, "view_bylaws")
    may_edit = admission_policy.can(actor, "edit_bylaws")
    current = services.bylaws_in_force(mesa)
    form = None
    if may_edit:
        initial = {"text": current.text} if current else {}
        form = BylawsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        admission_policy.require(actor, "edit_bylaws")
        assert form is not None  # noqa: S101 - built for whoever may edit
        if form.is_valid():
            try:
                services.adopt_bylaws(
                    mesa=mesa,
                    text=form.cleaned_data["text"],
                    adopted_on=form.cleaned_data["adopted_on"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The new version of the bylaws was recorded."))
                return redirect("admissions:bylaws", mesa_slug=mesa.slug)
        _refused(request)
    return render(
        request,
        "admissions/bylaws.html",
        {
            "mesa": mesa,
            "bylaws": current,
            "versions": list(Bylaws.objects.filter(mesa=mesa).values("version", "adopted_on")),
            "form": form,
        },
    )
