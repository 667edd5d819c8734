"""Axes and committees: the list, a committee's page, and the decisions and requests around it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.committees import services
from msj.committees.forms import AddPersonForm, AxisForm, CommitteeCreateForm, DissolveForm, ManualForm
from msj.committees.models import Committee, CommitteeDecision, CommitteeMember, ManualSignature
from msj.committees.obligations import EXECUTIVE_OFFICES, members_without_committee
from msj.committees.policies import committee_policy, serving_role
from msj.core.forms import add_service_errors
from msj.members.access import mesa_view
from msj.members.models import Office

OFFICER_ROLES = (CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE)


def _get_committee(request: HttpRequest, public_id: Any) -> Committee:
    actor = request.actor  # type: ignore[attr-defined]
    committee_policy.require(actor, "view")
    return committee_policy.get(actor, Committee.objects.select_related("axis", "mesa"), public_id)


def _to_detail(request: HttpRequest, committee: Committee) -> HttpResponse:
    return redirect("committees:detail", mesa_slug=request.mesa.slug, public_id=committee.public_id)  # type: ignore[attr-defined]


@mesa_view
@require_GET
def committee_list(request: HttpRequest) -> HttpResponse:
    """The Mesa's committees by axis, with their coordinator, alternate and member count."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee_policy.require(actor, "view")
    serving = Q(members__status=CommitteeMember.Status.APPROVED, members__left_on__isnull=True)
    committees = list(
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
        .order_by(F("axis__number").asc(nulls_last=True), "name")
    )
    for committee in committees:
        by_role = {m.role: m for m in committee.officers}  # type: ignore[attr-defined]
        committee.coordinator = by_role.get(CommitteeMember.Role.COORDINATOR)  # type: ignore[attr-defined]
        committee.alternate = by_role.get(CommitteeMember.Role.ALTERNATE)  # type: ignore[attr-defined]
    executive_count = None
    if any(c.kind == Committee.Kind.EXECUTIVE for c in committees):
        executive_count = (
            Office.objects.current(mesa.today())
            .filter(mesa=mesa, kind__in=EXECUTIVE_OFFICES)
            .values("membership")
            .distinct()
            .count()
        )
    return render(
        request,
        "committees/list.html",
        {
            "mesa": mesa,
            "committees": [c for c in committees if not c.is_dissolved],
            "dissolved": [c for c in committees if c.is_dissolved],
            "executive_count": executive_count,
            "can_create": committee_policy.can(actor, "create"),
            "can_see_without": committee_policy.can(actor, "view_without_committee"),
        },
    )


@mesa_view
@require_GET
def committee_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A committee: members, pending requests, process manual and who has signed it."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    rows = list(
        CommitteeMember.objects.open()
        .filter(committee=committee)
        .select_related("membership__user")
        .order_by("role", "membership__user__full_name")
    )
    members = [m for m in rows if m.status == CommitteeMember.Status.APPROVED]
    can_view_requests = committee_policy.can(actor, "view_requests", committee)
    mine = next((m for m in rows if actor.membership and m.membership_id == actor.membership.pk), None)
    pending = [m for m in rows if m.status == CommitteeMember.Status.PENDING and (can_view_requests or m is mine)]
    manual = services.manual_in_force(committee)
    signed: set[int] = set()
    if manual is not None:
        signed = set(ManualSignature.objects.filter(manual=manual).values_list("member_id", flat=True))
    for m in members:
        m.has_signed = m.pk in signed  # type: ignore[attr-defined]
    offices = None
    if committee.kind == Committee.Kind.EXECUTIVE:
        # The Executive Committee is made up by office (DOMAIN.md §4.5).
        offices = list(
            Office.objects.current(mesa.today())
            .filter(mesa=mesa, kind__in=EXECUTIVE_OFFICES)
            .select_related("membership__user")
            .order_by("kind", "membership__user__full_name")
        )
    decisions = CommitteeDecision.objects.filter(committee=committee).select_related("recorded_by__user")
    return render(
        request,
        "committees/detail.html",
        {
            "mesa": mesa,
            "committee": committee,
            "members": members,
            "pending": pending,
            "mine": mine,
            "manual": manual,
            "unsigned": [m for m in members if m.pk not in signed] if manual is not None else [],
            "offices": offices,
            "decisions": decisions,
            "my_role": serving_role(actor, committee),
            "can_decide": committee_policy.can(actor, "decide_request", committee),
            "can_dissolve": committee_policy.can(actor, "dissolve", committee)
            and not committee.is_core
            and not committee.is_dissolved,
            "can_add_person": committee_policy.can(actor, "add_person", committee) and not committee.is_dissolved,
            "can_adopt_manual": committee_policy.can(actor, "adopt_manual", committee) and not committee.is_dissolved,
            "can_join": not committee.is_dissolved and not committee.is_restricted and mine is None,
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def create_committee(request: HttpRequest) -> HttpResponse:
    """Record the Executive Committee's decision to create a committee, with its officers and manual."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee_policy.require(actor, "create")
    form = CommitteeCreateForm(request.POST if request.method == "POST" else None, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                committee = services.create_committee(
                    mesa=mesa,
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
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The committee was created. Its members can now sign the process manual."))
                return _to_detail(request, committee)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(request, "committees/create.html", {"mesa": mesa, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def create_axis(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee_policy.require(actor, "create_axis")
    form = AxisForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_axis(
                    mesa=mesa,
                    number=form.cleaned_data["number"],
                    name=form.cleaned_data["name"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The axis was added."))
                return redirect("committees:list", mesa_slug=mesa.slug)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(request, "committees/axis_form.html", {"mesa": mesa, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def dissolve(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record the Executive Committee's decision to dissolve a committee."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "dissolve", committee)
    form = DissolveForm(request.POST if request.method == "POST" else None, initial={"decided_on": mesa.today()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.dissolve_committee(
                    committee=committee,
                    decided_on=form.cleaned_data["decided_on"],
                    minutes_reference=form.cleaned_data["minutes_reference"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The committee was dissolved. Its members left it on that date."))
                return _to_detail(request, committee)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(request, "committees/dissolve.html", {"mesa": mesa, "committee": committee, "form": form})


def _act(request: HttpRequest, committee: Committee, action: Any, success: str) -> HttpResponse:
    """Run a one-button action; a refusal becomes an error message, and nothing changes."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return _to_detail(request, committee)


@mesa_view
@require_POST
def join(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "request_join", committee)
    return _act(
        request,
        committee,
        lambda: services.request_to_join(committee=committee, membership=actor.membership, by=actor, request=request),
        _("Your request was sent to the committee's coordinator."),
    )


@mesa_view
@require_POST
def leave(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "leave", committee)
    return _act(
        request,
        committee,
        lambda: services.leave_committee(committee=committee, membership=actor.membership, by=actor, request=request),
        _("You are no longer on this committee."),
    )


def _decide(request: HttpRequest, public_id: Any, member_id: Any, *, approve: bool) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "decide_request", committee)
    try:
        member = CommitteeMember.objects.get(committee=committee, public_id=member_id)
    except CommitteeMember.DoesNotExist:
        raise Http404 from None
    return _act(
        request,
        committee,
        lambda: services.decide_request(member=member, approve=approve, by=actor, request=request),
        _("The request was approved.") if approve else _("The request was declined."),
    )


@mesa_view
@require_POST
def approve(request: HttpRequest, public_id: Any, member_id: Any) -> HttpResponse:
    return _decide(request, public_id, member_id, approve=True)


@mesa_view
@require_POST
def decline(request: HttpRequest, public_id: Any, member_id: Any) -> HttpResponse:
    return _decide(request, public_id, member_id, approve=False)


@mesa_view
@require_POST
def sign(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Sign the process manual in force; signing again changes nothing."""
    actor = request.actor  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "sign", committee)
    try:
        _signature, created = services.sign_manual(
            committee=committee, membership=actor.membership, by=actor, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("You signed the committee's process manual."))
        else:
            messages.info(request, _("You had already signed this version of the process manual."))
    return _to_detail(request, committee)


@mesa_view
@require_http_methods(["GET", "POST"])
def add_person(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Add a volunteer or a guest to the committee by e-mail."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "add_person", committee)
    form = AddPersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_person(
                    committee=committee,
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    kind=form.cleaned_data["kind"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The person was added to the committee."))
                return _to_detail(request, committee)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(request, "committees/add_person.html", {"mesa": mesa, "committee": committee, "form": form})


@mesa_view
@require_http_methods(["GET", "POST"])
def adopt_manual(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Adopt a new version of the committee's process manual."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee = _get_committee(request, public_id)
    committee_policy.require(actor, "adopt_manual", committee)
    current = services.manual_in_force(committee)
    form = ManualForm(
        request.POST if request.method == "POST" else None,
        today=mesa.today(),
        initial={"text": current.text if current else ""},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.adopt_manual(
                    committee=committee,
                    text=form.cleaned_data["text"],
                    adopted_on=form.cleaned_data["adopted_on"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The new version of the process manual was adopted. Members sign it anew."))
                return _to_detail(request, committee)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(
        request,
        "committees/manual_form.html",
        {"mesa": mesa, "committee": committee, "form": form, "current": current},
    )


@mesa_view
@require_GET
def without_committee(request: HttpRequest) -> HttpResponse:
    """Citizen members on no committee for longer than the Mesa allows (Cuadro 7)."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    committee_policy.require(actor, "view_without_committee")
    return render(
        request,
        "committees/without_committee.html",
        {"mesa": mesa, "rows": members_without_committee(mesa, mesa.today())},
    )
