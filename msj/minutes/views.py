"""The minutes (acta) of a meeting: read, write by agenda item, circulate, approve, seal, correct, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from msj.audit.services import record_export
from msj.core.forms import add_service_errors
from msj.meetings.models import Meeting
from msj.members.access import mesa_view
from msj.minutes import exports, services
from msj.minutes.access import get_meeting, get_minutes
from msj.minutes.act import Act, load_act
from msj.minutes.forms import AgreementForm, ApproveForm, CommentForm, CorrectionForm, EntryForm
from msj.minutes.models import Minutes
from msj.minutes.policies import minutes_policy


def _same_body_meetings(request: HttpRequest, meeting: Meeting) -> Any:
    return services.same_body_meetings(request.actor, meeting)  # type: ignore[attr-defined]


def _approval_candidates(request: HttpRequest, meeting: Meeting, after: Meeting) -> list[Meeting]:
    return services.approval_candidates(request.actor, meeting, after=after)  # type: ignore[attr-defined]


def _page(request: HttpRequest, meeting: Meeting, minutes: Minutes, **bound: Any) -> HttpResponse:
    """Render the acta with the forms the caller may use; `bound` replaces a form that has errors."""
    actor = request.actor  # type: ignore[attr-defined]
    act = load_act(meeting, minutes)
    items = [record.item for record in act.items]
    can_write = minutes_policy.can(actor, "write", minutes)
    not_yet = None if minutes.pk else services.why_no_minutes(meeting)
    editable = can_write and minutes.is_editable and not not_yet
    context: dict[str, Any] = {
        "mesa": request.mesa,  # type: ignore[attr-defined]
        "meeting": meeting,
        "minutes": minutes,
        "act": act,
        "can_write": can_write,
        "not_yet": not_yet,
        "editable": editable,
        "can_comment": minutes_policy.can(actor, "comment", minutes),
    }
    if editable:
        context["agreement_form"] = bound.get("agreement_form") or AgreementForm(meeting=meeting, items=items)
    if can_write and minutes.status == Minutes.Status.CIRCULATED:
        candidates = _approval_candidates(request, meeting, after=meeting)
        context["approve_form"] = ApproveForm(meetings=_same_body_meetings(request, meeting), candidates=candidates)
    if can_write and minutes.status == Minutes.Status.SEALED and minutes.approved_at is not None:
        candidates = _approval_candidates(request, meeting, after=minutes.approved_at)
        context["correction_form"] = bound.get("correction_form") or CorrectionForm(
            meeting=meeting, items=items, meetings=_same_body_meetings(request, meeting), candidates=candidates
        )
    return render(request, "minutes/minutes.html", context)


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _back(request: HttpRequest, meeting: Meeting, anchor: str = "") -> HttpResponse:
    """Back to the minutes page, at the item just written when there is one."""
    url = reverse("minutes:detail", kwargs={"mesa_slug": meeting.mesa.slug, "meeting_id": meeting.public_id})
    return redirect(f"{url}{anchor}")


@mesa_view
@require_GET
def detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    return _page(request, meeting, minutes)


@mesa_view
@require_POST
def save_entry(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    get_minutes(request, meeting, write=True)
    form = EntryForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            entry = services.save_entry(
                meeting=meeting,
                item=form.cleaned_data["item"],
                summary=form.cleaned_data["summary"],
                decisions=form.cleaned_data["decisions"],
                by=request.actor,  # type: ignore[attr-defined]
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("The entry was saved."))
            return _back(request, meeting, f"#item-{entry.item.public_id}")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _back(request, meeting)


@mesa_view
@require_POST
def record_agreement(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting, write=True)
    form = AgreementForm(request.POST, meeting=meeting, items=list(meeting.agenda.order_by("position")))
    if form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.record_agreement(
                meeting=meeting,
                item=data["item"],
                text=data["text"],
                committee=data["committee"],
                due_on=data["due_on"],
                priority=data["priority"],
                responsible_seats=data["responsible_seats"],
                responsible_people=data["responsible_people"],
                by=request.actor,  # type: ignore[attr-defined]
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Agreement %(code)s was recorded in the agreements matrix.") % {"code": agreement.code},
            )
            return _back(request, meeting, f"#item-{data['item'].public_id}")
    return _page(request, meeting, minutes, agreement_form=form)


@mesa_view
@require_POST
def circulate(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    minutes_policy.require(request.actor, "circulate", minutes)  # type: ignore[attr-defined]
    try:
        services.circulate(minutes=minutes, by=request.actor, request=request)  # type: ignore[attr-defined]
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("The minutes were circulated: the members may now comment on them."))
    return _back(request, meeting)


@mesa_view
@require_POST
def add_comment(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    form = CommentForm(request.POST, meeting=meeting)
    if not minutes_policy.can(request.actor, "comment", minutes):  # type: ignore[attr-defined]
        messages.error(request, _("Comments can be added only while the minutes are circulated."))
        return _back(request, meeting)
    if form.is_valid():
        try:
            comment = services.add_comment(
                minutes=minutes,
                item=form.cleaned_data["item"],
                text=form.cleaned_data["text"],
                by=request.actor,  # type: ignore[attr-defined]
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("Your comment was added."))
            return _back(request, meeting, f"#item-{comment.item.public_id}")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _back(request, meeting)


@mesa_view
@require_POST
def approve(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    minutes_policy.require(request.actor, "approve", minutes)  # type: ignore[attr-defined]
    form = ApproveForm(request.POST, meetings=_same_body_meetings(request, meeting), candidates=[])
    if form.is_valid():
        try:
            services.approve(minutes=minutes, at=form.cleaned_data["meeting"], by=request.actor, request=request)  # type: ignore[attr-defined]
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("The approval of the minutes was recorded. Seal them to close them."))
            return _back(request, meeting)
    else:
        messages.error(request, _("Choose the later meeting of the same body where the minutes were approved."))
    return _back(request, meeting)


@mesa_view
@require_POST
def seal(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    minutes_policy.require(request.actor, "seal", minutes)  # type: ignore[attr-defined]
    try:
        services.seal(minutes=minutes, by=request.actor, request=request)  # type: ignore[attr-defined]
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("The minutes were sealed. From now on only a recorded correction amends them."))
    return _back(request, meeting)


@mesa_view
@require_POST
def record_correction(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    minutes_policy.require(request.actor, "correct", minutes)  # type: ignore[attr-defined]
    if minutes.status != Minutes.Status.SEALED or minutes.approved_at is None:
        messages.error(request, _("Only sealed minutes are amended by a correction; edit the minutes instead."))
        return _back(request, meeting)
    form = CorrectionForm(
        request.POST,
        meeting=meeting,
        items=list(meeting.agenda.order_by("position")),
        meetings=_same_body_meetings(request, meeting),
        candidates=_approval_candidates(request, meeting, after=minutes.approved_at),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_correction(
                minutes=minutes,
                item=data["item"],
                text=data["text"],
                reason=data["reason"],
                approved_at=data["approved_at"],
                by=request.actor,  # type: ignore[attr-defined]
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The correction was recorded. The sealed text is unchanged."))
            return _back(request, meeting, f"#item-{data['item'].public_id}")
    return _page(request, meeting, minutes, correction_form=form)


def _export(request: HttpRequest, meeting_id: str, kind: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    meeting = get_meeting(request, meeting_id)
    minutes = get_minutes(request, meeting)
    if minutes.pk is None:
        raise Http404
    minutes_policy.require(actor, "export", minutes)
    act: Act = load_act(meeting, minutes, with_comments=False)
    stamp = exports.ExportStamp(by=request.user.full_name or request.user.email, at=timezone.localtime())  # type: ignore[union-attr]
    if kind == "pdf":
        content, content_type = exports.render_pdf(act, stamp), "application/pdf"
    else:
        content = exports.render_docx(act, stamp)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    record_export(actor=actor, mesa=mesa, what=f"minutes.{kind}:{meeting.public_id}", request=request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(act, kind)}"'
    response["Cache-Control"] = "no-store"
    return response


@mesa_view
@require_GET
def export_pdf(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Download the acta as PDF; every page carries the confidentiality mark and the exporter."""
    return _export(request, meeting_id, "pdf")


@mesa_view
@require_GET
def export_docx(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Download the acta as DOCX; its header and footer repeat the mark and the exporter on every page."""
    return _export(request, meeting_id, "docx")
