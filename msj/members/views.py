"""The people of a Mesa: directory, history, seats of officials, and offices."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.accounts.models import User
from msj.audit.services import record_export
from msj.core.export import safe_cell
from msj.members import services
from msj.members.access import mesa_view
from msj.members.forms import HandoverForm, MembershipStatusForm, SeatForm
from msj.members.models import Membership, Office, Seat
from msj.members.policies import membership_policy, office_policy, seat_policy


@mesa_view
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    membership_policy.require(actor, "view")
    kind = request.GET.get("kind", "")
    memberships = membership_policy.visible(actor, Membership.objects.all()).select_related("user", "seat__post")
    if kind in Membership.Kind.values:
        memberships = memberships.filter(kind=kind)
    page = Paginator(memberships.order_by("kind", "user__full_name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/directory.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "page": page,
            "kind": kind,
            "kinds": Membership.Kind.choices,
            "can_export": membership_policy.can(actor, "export"),
        },
    )


@mesa_view
@require_GET
def member_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    membership_policy.require(actor, "view")
    membership = membership_policy.get(actor, Membership.objects.select_related("user", "seat__post"), public_id)
    offices = Office.objects.filter(membership=membership).order_by("-started_on")
    return render(
        request,
        "members/member_detail.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "membership": membership,
            "offices": offices,
            "can_change_status": membership_policy.can(actor, "change_status", membership),
            "status_form": MembershipStatusForm(initial={"on": request.mesa.today()}),  # type: ignore[attr-defined]
        },
    )


@mesa_view
@require_POST
def change_status(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    membership_policy.require(actor, "view")
    membership = membership_policy.get(actor, Membership.objects.all(), public_id)
    membership_policy.require(actor, "change_status", membership)
    form = MembershipStatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_membership_status(
                membership=membership,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                by=actor,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The membership status was recorded."))
    else:
        messages.error(request, _("Nothing was changed: choose a status and a valid date."))
    return redirect("members:detail", mesa_slug=request.mesa.slug, public_id=membership.public_id)  # type: ignore[attr-defined]


@mesa_view
@require_GET
def seats(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    seat_policy.require(actor, "view")
    seat_list = list(seat_policy.visible(actor, Seat.objects.select_related("post")))
    holders: dict[int, list[Membership]] = {}
    visible_holders = membership_policy.visible(actor, Membership.objects.filter(seat__in=seat_list))
    for m in visible_holders.select_related("user").order_by("-started_on"):
        holders.setdefault(m.seat_id or 0, []).append(m)
    rows = [(seat, holders.get(seat.pk, [])) for seat in seat_list]
    return render(
        request,
        "members/seats.html",
        {"mesa": request.mesa, "rows": rows, "can_hand_over": seat_policy.can(actor, "hand_over")},  # type: ignore[attr-defined]
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    seat_policy.require(actor, "view")
    seat = seat_policy.get(actor, Seat.objects.select_related("post"), public_id)
    seat_policy.require(actor, "hand_over", seat)
    form = HandoverForm(request.POST or None, today=mesa.today())
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        try:
            with transaction.atomic():  # a refused handover must not leave a new account behind
                user = User.objects.filter(email=email).first() or User.objects.create_user(
                    email=email, full_name=form.cleaned_data["full_name"]
                )
                services.hand_over_seat(
                    seat=seat, new_holder=user, on=form.cleaned_data["on"], by=actor, request=request
                )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The seat was handed over. The former holder loses access on that date."))
            return redirect("members:seats", mesa_slug=mesa.slug)
    return render(request, "members/hand_over.html", {"mesa": mesa, "seat": seat, "form": form})


@mesa_view
@require_GET
def offices(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    office_policy.require(actor, "view")
    office_list = office_policy.visible(actor, Office.objects.select_related("membership__user")).order_by(
        "kind", "-started_on"
    )
    return render(request, "members/offices.html", {"mesa": request.mesa, "offices": office_list})  # type: ignore[attr-defined]


@mesa_view
@require_http_methods(["GET", "POST"])
def create_seat(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    seat_policy.require(actor, "create")
    form = SeatForm(request.POST or None, instance=Seat(mesa=mesa))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_seat(
                mesa=mesa,
                post=form.cleaned_data["post"],
                label=form.cleaned_data["label"],
                by=actor,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The seat was added. Hand it over to the person who holds the post."))
            return redirect("members:seats", mesa_slug=mesa.slug)
    return render(request, "members/seat_form.html", {"mesa": mesa, "form": form})


@mesa_view
@require_GET
@never_cache
def export_directory(request: HttpRequest) -> HttpResponse:
    """Download the directory as CSV; every export is written to the audit trail."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    membership_policy.require(actor, "export")
    rows = membership_policy.visible(actor, Membership.objects.all()).select_related("user", "seat__post")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{mesa.slug}-miembros.csv"'
    response.write("\ufeff")  # a BOM so that spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("E-mail"), _("Kind"), _("Seat"), _("Status"), _("Since"), _("Until")])
    for m in rows.order_by("kind", "user__full_name"):
        writer.writerow(
            safe_cell(value)
            for value in [
                m.user.full_name,
                m.user.email,
                m.get_kind_display(),
                str(m.seat) if m.seat else "",
                m.get_status_display(),
                m.started_on.isoformat(),
                m.ended_on.isoformat() if m.ended_on else "",
            ]
        )
    record_export(actor=actor, mesa=mesa, what="members.directory", request=request)
    return response
