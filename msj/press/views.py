"""The press pages: releases through their workflow, and the press conferences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.models import AuditEvent
from msj.core.forms import add_service_errors
from msj.members.access import mesa_view
from msj.press import services
from msj.press.forms import (
    ApproveForm,
    ConferenceForm,
    ConferenceRecordForm,
    ReleaseFilterForm,
    ReleaseForm,
    WithdrawForm,
)
from msj.press.models import PressConference, Release
from msj.press.policies import conference_policy, release_policy


def _get_release(request: HttpRequest, public_id: Any) -> Release:
    actor = request.actor  # type: ignore[attr-defined]
    release_policy.require(actor, "view")
    return release_policy.get(
        actor,
        Release.objects.select_related(
            "mesa", "drafted_by__user", "approved_by__user", "published_by__user", "withdrawn_by__user"
        ),
        public_id,
    )


def _get_conference(request: HttpRequest, public_id: Any) -> PressConference:
    actor = request.actor  # type: ignore[attr-defined]
    conference_policy.require(actor, "view")
    return conference_policy.get(actor, PressConference.objects.select_related("mesa", "recorded_by__user"), public_id)


def monthly_conferences(actor: Any) -> dict[str, Any]:
    """When the last conference took place and whether this month has one (Cuadro 13: monthly)."""
    mesa = actor.mesa
    conferences = conference_policy.visible(actor, PressConference.objects.all())
    last = conferences.filter(starts_at__lte=timezone.now()).order_by("-starts_at").first()
    first_day = mesa.today().replace(day=1)
    next_month = (first_day + dt.timedelta(days=32)).replace(day=1)
    start, end = (
        timezone.make_aware(dt.datetime.combine(day, dt.time()), mesa.tzinfo) for day in (first_day, next_month)
    )
    this_month = conferences.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at").first()
    return {"last_conference": last, "this_month": this_month}


@mesa_view
@require_GET
def release_list(request: HttpRequest) -> HttpResponse:
    """The Mesa's press releases the caller may read, by status and protocol."""
    actor = request.actor  # type: ignore[attr-defined]
    release_policy.require(actor, "view")
    form = ReleaseFilterForm(request.GET or None)
    releases: QuerySet[Release] = release_policy.visible(actor, Release.objects.all())
    if form.is_valid():
        if form.cleaned_data["status"]:
            releases = releases.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["protocol"]:
            releases = releases.filter(protocol=form.cleaned_data["protocol"])
    return render(
        request,
        "press/release_list.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "form": form,
            "releases": releases.order_by("-created_at", "-id"),
            "can_create": release_policy.can(actor, "create"),
            "can_plan": conference_policy.can(actor, "create"),
            **monthly_conferences(actor),
        },
    )


def _release_form_view(request: HttpRequest, release: Release | None) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    form = ReleaseForm(request.POST if request.method == "POST" else None, instance=release)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.RELEASE_FIELDS}
            try:
                if release is None:
                    release = services.create_release(mesa=mesa, by=actor, request=request, **fields)
                else:
                    release = services.update_draft(release=release, by=actor, request=request, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("press:detail", mesa_slug=mesa.slug, public_id=release.public_id)
        messages.error(request, _("Nothing was saved. Correct the fields marked below."))
    return render(request, "press/release_form.html", {"mesa": mesa, "form": form, "release": release})


@mesa_view
@require_http_methods(["GET", "POST"])
def release_create(request: HttpRequest) -> HttpResponse:
    release_policy.require(request.actor, "create")  # type: ignore[attr-defined]
    return _release_form_view(request, None)


@mesa_view
@require_http_methods(["GET", "POST"])
def release_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    release = _get_release(request, public_id)
    release_policy.require(request.actor, "edit", release)  # type: ignore[attr-defined]
    return _release_form_view(request, release)


STEP_LABELS = {
    Release.Status.APPROVED: gettext_lazy("Approved"),
    Release.Status.PUBLISHED: gettext_lazy("Published"),
    Release.Status.WITHDRAWN: gettext_lazy("Withdrawn"),
}


def release_history(release: Release) -> list[dict[str, Any]]:
    """The release's steps from the audit trail: drafted, changed, approved, published, withdrawn."""
    events = AuditEvent.objects.filter(object_type="press.release", object_id=str(release.public_id)).select_related(
        "actor"
    )
    steps = []
    for event in events.order_by("at", "id"):
        before, after = event.before or {}, event.after or {}
        if event.action == AuditEvent.Action.CREATE:
            label = _("Drafted")
        elif after.get("status") != before.get("status") and after.get("status") in STEP_LABELS:
            label = str(STEP_LABELS[after["status"]])
        else:
            label = _("Draft changed")
        steps.append({"at": event.at, "who": event.actor, "label": label})
    return steps


@mesa_view
@require_GET
def release_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A release with its impact objective, its workflow buttons and its history."""
    actor = request.actor  # type: ignore[attr-defined]
    release = _get_release(request, public_id)
    status = Release.Status
    return render(
        request,
        "press/release_detail.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "release": release,
            "history": release_history(release),
            "conferences": conference_policy.visible(actor, release.conferences.all()).order_by("-starts_at"),
            "can_edit": release_policy.can(actor, "edit", release),
            "can_approve": release.status == status.DRAFT and release_policy.can(actor, "approve", release),
            "can_publish": release.status == status.APPROVED and release_policy.can(actor, "publish", release),
            "can_withdraw": release.status in {status.APPROVED, status.PUBLISHED}
            and release_policy.can(actor, "withdraw", release),
            "approve_form": ApproveForm(),
            "withdraw_form": WithdrawForm(),
        },
    )


def _act(request: HttpRequest, release: Release, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("press:detail", mesa_slug=release.mesa.slug, public_id=release.public_id)


@mesa_view
@require_POST
def release_approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    release = _get_release(request, public_id)
    release_policy.require(actor, "approve", release)
    form = ApproveForm(request.POST)
    note = form.cleaned_data["consensus_note"] if form.is_valid() else ""
    return _act(
        request,
        release,
        lambda: services.approve_release(release=release, by=actor, consensus_note=note, request=request),
        _("The release was approved. It is not public until it is published."),
    )


@mesa_view
@require_POST
def release_publish(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    release = _get_release(request, public_id)
    release_policy.require(actor, "publish", release)
    return _act(
        request,
        release,
        lambda: services.publish_release(release=release, by=actor, request=request),
        _("The release was published: it is now public."),
    )


@mesa_view
@require_POST
def release_withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    release = _get_release(request, public_id)
    release_policy.require(actor, "withdraw", release)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        release,
        lambda: services.withdraw_release(release=release, by=actor, reason=reason, request=request),
        _("The release was withdrawn: it is no longer public."),
    )


@mesa_view
@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    """The Mesa's press conferences, newest first, with the monthly rhythm."""
    actor = request.actor  # type: ignore[attr-defined]
    conference_policy.require(actor, "view")
    conferences = conference_policy.visible(actor, PressConference.objects.all()).order_by("-starts_at")
    return render(
        request,
        "press/conference_list.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "conferences": conferences,
            "can_create": conference_policy.can(actor, "create"),
            **monthly_conferences(actor),
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    conference_policy.require(actor, "create")
    releases = release_policy.visible(actor, Release.objects.all())
    form = ConferenceForm(request.POST if request.method == "POST" else None, mesa=mesa, releases=releases)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                conference = services.create_conference(
                    mesa=mesa,
                    by=actor,
                    starts_at=data["starts_at"],
                    protocol=data["protocol"],
                    place=data["place"],
                    topics=data["topics"],
                    participants=data["participants"],
                    seats=data["seats"],
                    releases=data["releases"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The press conference was planned."))
                return redirect("press:conference_detail", mesa_slug=mesa.slug, public_id=conference.public_id)
        messages.error(request, _("Nothing was saved. Correct the fields marked below."))
    return render(request, "press/conference_form.html", {"mesa": mesa, "form": form})


@mesa_view
@require_GET
def conference_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    conference = _get_conference(request, public_id)
    return render(
        request,
        "press/conference_detail.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "conference": conference,
            "participants": conference.participants.select_related("user").order_by("user__full_name"),
            "seats": conference.seats.select_related("post"),
            "releases": release_policy.visible(actor, conference.releases.all()),
            "held": conference.starts_at <= timezone.now(),
            "can_record": conference_policy.can(actor, "record", conference),
            "record_form": ConferenceRecordForm(
                initial={"notes": conference.notes, "media_present": conference.media_present}
            ),
        },
    )


@mesa_view
@require_POST
def conference_record(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Write the record of a conference that took place."""
    actor = request.actor  # type: ignore[attr-defined]
    conference = _get_conference(request, public_id)
    conference_policy.require(actor, "record", conference)
    form = ConferenceRecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_conference(
                conference=conference,
                by=actor,
                notes=form.cleaned_data["notes"],
                media_present=form.cleaned_data["media_present"],
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The record of the conference was saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("press:conference_detail", mesa_slug=conference.mesa.slug, public_id=conference.public_id)
