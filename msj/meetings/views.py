"""Meetings of a Mesa: list, page, convocation, agenda, replies, attendance and QR check-in.

Every view: `mesa_view` → `meeting_policy` (invisible is 404, not allowed is 403) → form →
service → message and redirect. A GET never changes anything.
"""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
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
from msj.members.access import Actor, mesa_view
from msj.members.models import Membership
from msj.mesas.models import Mesa

UPCOMING_LIMIT = 50
PAST_PER_PAGE = 25


def _ctx(request: HttpRequest) -> tuple[Actor, Mesa]:
    return request.actor, request.mesa  # type: ignore[attr-defined]


def _meeting(request: HttpRequest, public_id: Any) -> Meeting:
    actor, mesa = _ctx(request)
    meeting = meeting_policy.get(actor, Meeting.objects.select_related("committee"), public_id)
    meeting.mesa = mesa  # the same row, already loaded by mesa_view
    return meeting


def _to_detail(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("meetings:detail", kwargs={"mesa_slug": meeting.mesa.slug, "public_id": meeting.public_id})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _form_error(request: HttpRequest, form: Any) -> None:
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": " ".join(errors)})


def _invitee_memberships(meeting: Meeting) -> Any:
    return Membership.objects.filter(invitations__meeting=meeting).select_related("user").order_by("user__full_name")


# --- list and page ------------------------------------------------------------------------


@mesa_view
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    actor, mesa = _ctx(request)
    meeting_policy.require(actor, "list")
    meetings = meeting_policy.visible(actor, Meeting.objects.select_related("committee"))
    committees = Committee.objects.filter(mesa=mesa).order_by("name")
    filters = MeetingFilterForm(request.GET or None, committees=committees)
    if filters.is_valid():
        if filters.cleaned_data["kind"]:
            meetings = meetings.filter(kind=filters.cleaned_data["kind"])
        if filters.cleaned_data["committee"]:
            meetings = meetings.filter(committee=filters.cleaned_data["committee"])
    now = timezone.now()
    upcoming = list(meetings.filter(ends_at__gte=now).order_by("starts_at")[:UPCOMING_LIMIT])
    past = Paginator(meetings.filter(ends_at__lt=now).order_by("-starts_at"), PAST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/list.html",
        {
            "mesa": mesa,
            "filters": filters,
            "upcoming": upcoming,
            "page": past,
            "can_create": meeting_policy.can(actor, "create"),
            "can_see_report": meeting_policy.can(actor, "attendance_report"),
        },
    )


@mesa_view
@require_GET
def meeting_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    now = timezone.now()
    can_manage = meeting_policy.can(actor, "edit", meeting)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).select_related("presenter__user").order_by("position"))
    invitations = list(
        Invitation.objects.filter(meeting=meeting)
        .select_related("membership__user", "membership__seat__post")
        .order_by("role", "membership__user__full_name")
    )
    recorded = {
        a.membership_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("membership__user")
    }
    mine = next((i for i in invitations if i.membership_id == actor.membership.pk), None)  # type: ignore[union-attr]
    agreements: list[Agreement] = []
    if any(item.kind == AgendaItem.Kind.AGREEMENTS for item in agenda):
        # The agreements' own policy: someone invited only to present reads nothing new here.
        agreements = list(
            agreement_policy.visible(actor, Agreement.objects.for_body(meeting))
            .select_related("committee")
            .order_by("due_on", "year", "number")
        )
    today = mesa.today()
    context: dict[str, Any] = {
        "mesa": mesa,
        "meeting": meeting,
        "agenda": agenda,
        "invitations": [(i, recorded.get(i.membership_id)) for i in invitations],
        "agreements": [(a, a.is_overdue(today)) for a in agreements],
        "mine": mine,
        "can_manage": can_manage,
        "can_reply": mine is not None and rules.replies_are_open(meeting, now),
        "checkin_open": rules.checkin_is_open(meeting, now),
        "editable": meeting.status in {Meeting.Status.DRAFT, Meeting.Status.CONVENED},
    }
    if mine is not None:
        context["reply_form"] = ReplyForm(
            initial={
                "reply": mine.reply if mine.reply != Invitation.Reply.PENDING else None,
                "delegate_name": mine.delegate_name,
            },
            may_send_delegate=mine.membership.kind == Membership.Kind.OFFICIAL,
        )
    if can_manage:
        invitees = _invitee_memberships(meeting)
        context.update(
            {
                "late": meeting.status == Meeting.Status.DRAFT and rules.convocation_is_late(meeting, now),
                "notice_days": rules.notice_days(meeting),
                "convene_form": ConveneForm(),
                "item_form": AgendaItemForm(invitees=invitees),
                "presenter_choices": [(m.public_id, m.user.full_name) for m in invitees],
                "may_invite": meeting.kind not in {Meeting.Kind.EXECUTIVE, Meeting.Kind.HONOUR},
                "invite_form": InviteForm(
                    candidates=services.current_memberships(mesa)
                    .exclude(invitations__meeting=meeting)
                    .select_related("user")
                    .order_by("user__full_name")
                ),
                "can_take_attendance": rules.attendance_can_be_taken(meeting, now),
                "attendance_form": AttendanceForm(invitations=invitations, recorded=recorded),
            }
        )
    return render(request, "meetings/detail.html", context)


@mesa_view
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    actor, mesa = _ctx(request)
    meeting_policy.require(actor, "create")
    form = MeetingForm(
        request.POST or None,
        mesa=mesa,
        kinds=meeting_policy.may_run_kinds(actor),
        committees=services.committees_to_run(actor, mesa),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = Meeting(mesa=mesa, kind=data["kind"], committee=data["committee"])
        meeting_policy.require(actor, "create", candidate)
        try:
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
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting was created with the agenda of its kind. Convene it when ready."))
            return _to_detail(meeting)
    return render(request, "meetings/form.html", {"mesa": mesa, "form": form, "meeting": None})


@mesa_view
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "edit", meeting)
    form = MeetingForm(request.POST or None, mesa=mesa, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.update_meeting(
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
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            if sent:
                messages.success(request, _("The meeting was changed and every invitee was sent the update."))
            else:
                messages.success(request, _("The meeting was changed."))
            return _to_detail(meeting)
    return render(request, "meetings/form.html", {"mesa": mesa, "form": form, "meeting": meeting})


# --- convocation ------------------------------------------------------------------------


@mesa_view
@require_POST
def meeting_convene(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "convene", meeting)
    form = ConveneForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting)
    try:
        sent = services.convene_meeting(
            meeting=meeting, by=actor, extraordinary_reason=form.cleaned_data["extraordinary_reason"], request=request
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("The meeting was convened: %(count)d invitations were sent by e-mail.") % {"count": sent}
        )
    return _to_detail(meeting)


@mesa_view
@require_POST
def meeting_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "cancel", meeting)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Nothing was changed: confirm that the meeting is cancelled."))
        return _to_detail(meeting)
    try:
        services.cancel_meeting(meeting=meeting, by=actor, request=request)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The meeting was cancelled. Invitees of a convened meeting were told so."))
    return _to_detail(meeting)


@mesa_view
@require_POST
def meeting_invite(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "invite", meeting)
    form = InviteForm(request.POST, candidates=services.current_memberships(mesa).select_related("user"))
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting, "invitees")
    try:
        services.invite(
            meeting=meeting,
            membership=form.cleaned_data["membership"],
            role=form.cleaned_data["role"],
            by=actor,
            request=request,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The person was invited."))
    return _to_detail(meeting, "invitees")


# --- agenda -------------------------------------------------------------------------------


def _item(meeting: Meeting, item_id: str) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, public_id=item_id).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


@mesa_view
@require_POST
def agenda_add(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "agenda", meeting)
    form = AgendaItemForm(request.POST, invitees=_invitee_memberships(meeting))
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting, "agenda")
    try:
        services.add_agenda_item(
            meeting=meeting,
            title=form.cleaned_data["title"],
            presenter=form.cleaned_data["presenter"],
            by=actor,
            request=request,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The item was added before general matters."))
    return _to_detail(meeting, "agenda")


@mesa_view
@require_POST
def agenda_move(request: HttpRequest, public_id: str, item_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "agenda", meeting)
    item = _item(meeting, item_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting, "agenda")
    try:
        services.move_agenda_item(item=item, direction=form.cleaned_data["direction"], by=actor, request=request)
    except ValidationError as exc:
        _error(request, exc)
    return _to_detail(meeting, "agenda")


@mesa_view
@require_POST
def agenda_presenter(request: HttpRequest, public_id: str, item_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "agenda", meeting)
    item = _item(meeting, item_id)
    form = PresenterForm(request.POST, invitees=_invitee_memberships(meeting))
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting, "agenda")
    try:
        services.set_presenter(item=item, presenter=form.cleaned_data["presenter"], by=actor, request=request)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The presenter was recorded."))
    return _to_detail(meeting, "agenda")


# --- replies ------------------------------------------------------------------------------


@mesa_view
@require_POST
def meeting_reply(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    invitation = (
        Invitation.objects.filter(meeting=meeting, membership=actor.membership).select_related("membership").first()
    )
    if invitation is None:
        raise PermissionDenied
    form = ReplyForm(request.POST, may_send_delegate=invitation.membership.kind == Membership.Kind.OFFICIAL)
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting, "reply")
    try:
        changed = services.reply_to_invitation(
            invitation=invitation,
            reply=form.cleaned_data["reply"],
            delegate_name=form.cleaned_data.get("delegate_name", ""),
            by=actor,
            request=request,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        if changed:
            messages.success(request, _("Your reply was recorded."))
        else:
            messages.info(request, _("Your reply had already been recorded; nothing changed."))
    return _to_detail(meeting, "reply")


# --- attendance ---------------------------------------------------------------------------


@mesa_view
@require_POST
def meeting_attendance(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, _mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "attendance", meeting)
    invitations = list(Invitation.objects.filter(meeting=meeting).select_related("membership__user"))
    recorded = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    form = AttendanceForm(request.POST, invitations=invitations, recorded=recorded)
    if not form.is_valid():
        _form_error(request, form)
        return _to_detail(meeting, "attendance")
    try:
        changed = services.record_attendance(meeting=meeting, entries=form.entries(), by=actor, request=request)
    except ValidationError as exc:
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": " ".join(exc.messages)})
    else:
        messages.success(request, _("Attendance was recorded (%(count)d changes).") % {"count": changed})
    return _to_detail(meeting, "attendance")


def checkin_url(meeting: Meeting) -> str:
    from django.conf import settings

    path = reverse(
        "meetings:check_in",
        kwargs={"mesa_slug": meeting.mesa.slug, "public_id": meeting.public_id, "code": rules.checkin_code(meeting)},
    )
    return f"{settings.SITE_URL}{path}"


@mesa_view
@require_GET
def meeting_qr(request: HttpRequest, public_id: str) -> HttpResponse:
    """The check-in QR code to show on screen at the meeting, drawn on the server as SVG."""
    actor, mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    meeting_policy.require(actor, "checkin_code", meeting)
    url = checkin_url(meeting)
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    opens, closes = meeting.checkin_window()
    response = render(
        request,
        "meetings/qr.html",
        {
            "mesa": mesa,
            "meeting": meeting,
            "qr": data_uri,
            "url": url,
            "opens": opens,
            "closes": closes,
            "open_now": rules.checkin_is_open(meeting, timezone.now()),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@mesa_view
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, public_id: str, code: str) -> HttpResponse:
    """Confirm one's presence with the meeting's QR code: the page asks, the POST records it."""
    actor, mesa = _ctx(request)
    meeting = _meeting(request, public_id)
    membership = actor.membership
    if membership is None or not rules.checkin_code_matches(meeting, code):
        raise Http404
    url = reverse("meetings:check_in", kwargs={"mesa_slug": mesa.slug, "public_id": meeting.public_id, "code": code})
    if request.method == "POST":
        try:
            changed = services.check_in(
                meeting=meeting,
                membership=membership,
                code=code,
                by=actor,
                request=request,
            )
        except ValidationError as exc:
            _error(request, exc)
            return redirect(url)
        if changed:
            messages.success(request, _("Welcome: your attendance was recorded."))
        else:
            messages.info(request, _("Your attendance had already been recorded."))
        return _to_detail(meeting)
    invited = Invitation.objects.filter(meeting=meeting, membership=membership).exists()
    present = Attendance.objects.filter(
        meeting=meeting, membership=membership, status=Attendance.Status.PRESENT
    ).exists()
    opens, closes = meeting.checkin_window()
    response = render(
        request,
        "meetings/check_in.html",
        {
            "mesa": mesa,
            "meeting": meeting,
            "invited": invited,
            "present": present,
            "open_now": rules.checkin_is_open(meeting, timezone.now()),
            "opens": opens,
            "closes": closes,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@mesa_view
@require_GET
def attendance_report(request: HttpRequest) -> HttpResponse:
    """Each member's unjustified absences over 12 months against the Mesa's limit (Cuadro 10)."""
    actor, mesa = _ctx(request)
    meeting_policy.require(actor, "attendance_report")
    return render(
        request,
        "meetings/attendance_report.html",
        {"mesa": mesa, "rows": services.absence_rates(mesa), "limit": mesa.max_unjustified_absence_pct},
    )
