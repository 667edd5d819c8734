"""Resignations, complaints and the cases of the Honour and Justice Committee (DOMAIN.md §4.3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from msj.core.forms import add_service_errors
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
from msj.honour.models import Case, Decision, Hearing, PanelMember
from msj.honour.policies import honour_policy
from msj.honour.rules import MAX_FORMER_COORDINATORS, MAX_GUESTS, parties_not_heard
from msj.members.access import mesa_view


def _refused(request: HttpRequest) -> None:
    messages.error(request, _("Nothing was recorded. Correct the fields marked below."))


def _get_case(request: HttpRequest, public_id: Any, action: str = "view") -> Case:
    """The case, if the caller sits on its committee; 404 for everyone else, members included."""
    actor = request.actor  # type: ignore[attr-defined]
    case = honour_policy.get(
        actor, Case.objects.select_related("mesa", "respondent__user", "complainant__user"), public_id
    )
    honour_policy.require(actor, action, case)
    return case


def _to_case(request: HttpRequest, case: Case) -> HttpResponse:
    return redirect("honour:case", mesa_slug=request.mesa.slug, public_id=case.public_id)  # type: ignore[attr-defined]


def _no_longer_open(request: HttpRequest, case: Case) -> HttpResponse:
    """A decided or closed case takes no more hearings, members or decisions: back to it, saying why."""
    messages.info(request, _("This case has already been decided or closed: decisions are final."))
    return _to_case(request, case)


# --- resignations --------------------------------------------------------------------------------


@mesa_view
@require_http_methods(["GET", "POST"])
def resign(request: HttpRequest) -> HttpResponse:
    """Resign one's own place in the Mesa, from today."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    honour_policy.require(actor, "resign")
    form = ResignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.resign(
                    membership=actor.membership,
                    confirmed=form.cleaned_data["confirm"],
                    reason=form.cleaned_data["reason"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your resignation was recorded and the technical secretary was told."))
                return redirect("home:home")
        _refused(request)
    return render(request, "honour/resign.html", {"mesa": mesa, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def record_resignation(request: HttpRequest) -> HttpResponse:
    """Record a resignation the technical secretary received by letter."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    honour_policy.require(actor, "record_resignation")
    form = ResignationLetterForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_resignation_letter(
                    mesa=mesa,
                    membership=form.cleaned_data["member"],
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The resignation was recorded; the member's place ended on that date."))
                return redirect("members:directory", mesa_slug=mesa.slug)
        _refused(request)
    return render(request, "honour/record_resignation.html", {"mesa": mesa, "form": form})


# --- complaints and cases ------------------------------------------------------------------------


@mesa_view
@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest) -> HttpResponse:
    """File a complaint against a member with the Honour and Justice Committee."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    honour_policy.require(actor, "complain")
    form = ComplaintForm(request.POST if request.method == "POST" else None, mesa=mesa, me=actor.membership)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.file_complaint(
                    complainant=actor.membership,
                    respondent=form.cleaned_data["respondent"],
                    description=form.cleaned_data["description"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Your complaint was filed. The Honour and Justice Committee will hear you and the other party."),
                )
                return redirect("mesas:dashboard", mesa_slug=mesa.slug)
        _refused(request)
    return render(request, "honour/complaint.html", {"mesa": mesa, "form": form})


@mesa_view(network=True)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the caller sits on the committee of."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    honour_policy.require(actor, "list")
    cases = honour_policy.visible(actor, Case.objects.all()).select_related("respondent__user")
    return render(
        request,
        "honour/case_list.html",
        {
            "mesa": mesa,
            "open_cases": [c for c in cases if c.is_open],
            "past_cases": [c for c in cases if not c.is_open],
            "can_open": honour_policy.can(actor, "open"),
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest) -> HttpResponse:
    """Open a case on the Executive Committee's own knowledge or on a written request."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    honour_policy.require(actor, "open")
    form = OpenCaseForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.open_case(
                    mesa=mesa,
                    origin=data["origin"],
                    respondent=data["respondent"],
                    complainant=data["complainant"],
                    summary=data["summary"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The case was opened and the committee's members were told."))
                if honour_policy.can(actor, "view", case):
                    return _to_case(request, case)
                return redirect("honour:cases", mesa_slug=mesa.slug)
        _refused(request)
    return render(request, "honour/open_case.html", {"mesa": mesa, "form": form})


@mesa_view(network=True)
@require_GET
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A case: the facts, its committee, the hearings and the decision."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    case = _get_case(request, public_id)
    panel = list(PanelMember.objects.filter(case=case).order_by("kind", "full_name"))
    hearings = list(Hearing.objects.filter(case=case).select_related("party__user"))
    decision = Decision.objects.filter(case=case).first()
    waiting = parties_not_heard(case) if case.is_open else []
    return render(
        request,
        "honour/case_detail.html",
        {
            "mesa": mesa,
            "case": case,
            "panel": panel,
            "hearings": hearings,
            "decision": decision,
            "waiting": waiting,
            "can_add_panel_member": case.is_open and honour_policy.can(actor, "add_panel_member", case),
            "can_act": case.is_open,
            "max_former": MAX_FORMER_COORDINATORS,
            "max_guests": MAX_GUESTS,
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def add_panel_member(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Seat a former coordinator or a guest on the case's committee."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    case = _get_case(request, public_id, "add_panel_member")
    if not case.is_open:
        return _no_longer_open(request, case)
    form = PanelMemberForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_panel_member(
                    case=case,
                    kind=data["kind"],
                    former_coordinator=data["former_coordinator"],
                    email=data["email"],
                    full_name=data["full_name"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The person joined the committee for this case and was told by e-mail."))
                return _to_case(request, case)
        _refused(request)
    return render(request, "honour/panel_form.html", {"mesa": mesa, "case": case, "form": form})


@mesa_view(network=True)
@require_http_methods(["GET", "POST"])
def record_hearing(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record that a party was heard, or refused to be heard."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    case = _get_case(request, public_id, "record_hearing")
    if not case.is_open:
        return _no_longer_open(request, case)
    form = HearingForm(request.POST if request.method == "POST" else None, case=case, today=mesa.today())
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_hearing(
                    case=case,
                    party=data["party"],
                    outcome=data["outcome"],
                    held_on=data["held_on"],
                    notes=data["notes"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The hearing was recorded."))
                return _to_case(request, case)
        _refused(request)
    return render(request, "honour/hearing_form.html", {"mesa": mesa, "case": case, "form": form})


@mesa_view(network=True)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record the committee's final decision and its sanction."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    case = _get_case(request, public_id, "decide")
    if not case.is_open:
        return _no_longer_open(request, case)
    form = DecisionForm(request.POST if request.method == "POST" else None, today=mesa.today())
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide_case(
                    case=case,
                    sanction=data["sanction"],
                    grave=data["grave"],
                    grave_reason=data["grave_reason"],
                    grounds=data["grounds"],
                    decided_on=data["decided_on"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The decision was recorded and the member was told. It is final."))
                return _to_case(request, case)
        _refused(request)
    return render(
        request,
        "honour/decide.html",
        {"mesa": mesa, "case": case, "form": form, "waiting": parties_not_heard(case) if case.is_open else []},
    )


@mesa_view(network=True)
@require_http_methods(["GET", "POST"])
def close_case(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Close a case without a decision."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    case = _get_case(request, public_id, "close")
    if not case.is_open:
        return _no_longer_open(request, case)
    form = CloseCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.close_case(case=case, reason=form.cleaned_data["reason"], by=actor, request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The case was closed without a decision."))
                return _to_case(request, case)
        _refused(request)
    return render(request, "honour/close_case.html", {"mesa": mesa, "case": case, "form": form})
