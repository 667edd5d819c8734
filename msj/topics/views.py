"""The security agenda: the Mesa's priority topics, their committees, agreements and diagnosis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from msj.committees.models import Committee
from msj.committees.policies import committee_policy
from msj.core.forms import add_service_errors
from msj.members.access import mesa_view
from msj.topics import services
from msj.topics.diff import word_diff
from msj.topics.forms import DiagnosisForm, TopicForm
from msj.topics.models import Diagnosis, Topic
from msj.topics.policies import topic_policy, visible_agreements

DIAGNOSIS_SECTIONS = [
    (field.name, field.verbose_name)
    for field in Diagnosis._meta.concrete_fields
    if field.name in services.DIAGNOSIS_FIELDS
]


def _get_topic(request: HttpRequest, public_id: Any) -> Topic:
    actor = request.actor  # type: ignore[attr-defined]
    topic_policy.require(actor, "view")
    return topic_policy.get(actor, Topic.objects.select_related("mesa", "approved_at"), public_id)


def _linked_committees(actor: Any) -> Prefetch[Any]:
    """The topic's committees the actor may see (officials do not see the Executive Committee)."""
    return Prefetch("committees", queryset=committee_policy.visible(actor, Committee.objects.order_by("name")))


@mesa_view
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    """The Mesa's priority topics, with their status, approval and committees."""
    actor = request.actor  # type: ignore[attr-defined]
    topic_policy.require(actor, "view")
    topics = list(
        topic_policy.visible(actor, Topic.objects.all())
        .select_related("approved_at")
        .prefetch_related(_linked_committees(actor))
        .annotate(latest_version=Max("diagnoses__version"))
        .order_by("title")
    )
    order = (Topic.Status.ACTIVE, Topic.Status.PROPOSED, Topic.Status.CLOSED)
    groups = [(status.label, [t for t in topics if t.status == status]) for status in order]
    return render(
        request,
        "topics/agenda.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "groups": [(label, rows) for label, rows in groups if rows],
            "can_create": topic_policy.can(actor, "create"),
        },
    )


@mesa_view
@require_GET
def topic_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A topic: its approval, committees, agreements, and its diagnosis with the history of versions."""
    actor = request.actor  # type: ignore[attr-defined]
    topic = _get_topic(request, public_id)
    committees = list(committee_policy.visible(actor, topic.committees.order_by("name")))
    versions = list(topic.diagnoses.select_related("author").order_by("-version"))
    latest = versions[0] if versions else None
    agreements = visible_agreements(actor, topic).order_by("-year", "-number")
    return render(
        request,
        "topics/detail.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "topic": topic,
            "committees": committees,
            "agreements": agreements,
            "latest": latest,
            "latest_sections": [(label, getattr(latest, name)) for name, label in DIAGNOSIS_SECTIONS] if latest else [],
            "versions": versions,
            "can_edit": topic_policy.can(actor, "edit", topic),
            "can_write": topic_policy.can(actor, "write_diagnosis", topic),
        },
    )


def _topic_form_view(request: HttpRequest, topic: Topic | None) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    form = TopicForm(request.POST if request.method == "POST" else None, instance=topic, mesa=mesa)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "title": data["title"],
                "description": data["description"],
                "status": data["status"],
                "approved_on": data["approved_on"],
                "approved_at": data["approved_at"],
                "committees": data["committees"],
                "by": actor,
                "request": request,
            }
            try:
                if topic is None:
                    topic = services.create_topic(mesa=mesa, **fields)
                else:
                    topic = services.update_topic(topic=topic, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The security agenda was saved."))
                return redirect("topics:detail", mesa_slug=mesa.slug, public_id=topic.public_id)
        messages.error(request, _("Nothing was saved. Correct the fields marked below."))
    return render(request, "topics/topic_form.html", {"mesa": mesa, "form": form, "topic": topic})


@mesa_view
@require_http_methods(["GET", "POST"])
def create_topic(request: HttpRequest) -> HttpResponse:
    topic_policy.require(request.actor, "create")  # type: ignore[attr-defined]
    return _topic_form_view(request, None)


@mesa_view
@require_http_methods(["GET", "POST"])
def edit_topic(request: HttpRequest, public_id: Any) -> HttpResponse:
    topic = _get_topic(request, public_id)
    topic_policy.require(request.actor, "edit", topic)  # type: ignore[attr-defined]
    return _topic_form_view(request, topic)


@mesa_view
@require_http_methods(["GET", "POST"])
def new_diagnosis(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Write a new version of the diagnosis, starting from the latest one."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    topic = _get_topic(request, public_id)
    topic_policy.require(actor, "write_diagnosis", topic)
    latest = topic.diagnoses.order_by("-version").first()
    initial = {name: getattr(latest, name) for name in services.DIAGNOSIS_FIELDS} if latest else None
    form = DiagnosisForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                diagnosis = services.write_diagnosis(
                    topic=topic,
                    by=actor,
                    request=request,
                    **{name: form.cleaned_data[name] for name in services.DIAGNOSIS_FIELDS},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of the diagnosis was saved.") % {"version": diagnosis.version},
                )
                return redirect("topics:detail", mesa_slug=mesa.slug, public_id=topic.public_id)
        messages.error(request, _("Nothing was saved. Correct the fields marked below."))
    return render(request, "topics/diagnosis_form.html", {"mesa": mesa, "topic": topic, "form": form, "latest": latest})


def _version(request: HttpRequest, key: str) -> int | None:
    try:
        return int(request.GET.get(key, ""))
    except ValueError:
        return None


@mesa_view
@require_GET
def compare_diagnosis(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Two versions of the diagnosis side by side, with the words that changed (?a=1&b=2)."""
    topic = _get_topic(request, public_id)
    versions = {d.version: d for d in topic.diagnoses.select_related("author")}
    newest = max(versions, default=None)
    b = _version(request, "b") or newest
    a = _version(request, "a") or (b - 1 if b else None)
    older, newer = versions.get(a) if a else None, versions.get(b) if b else None
    rows = []
    if older is not None and newer is not None:
        for name, label in DIAGNOSIS_SECTIONS:
            old_text, new_text = getattr(older, name), getattr(newer, name)
            rows.append(
                {
                    "label": label,
                    "old": old_text,
                    "new": new_text,
                    "changed": old_text != new_text,
                    "diff": word_diff(old_text, new_text),
                }
            )
    return render(
        request,
        "topics/compare.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "topic": topic,
            "older": older,
            "newer": newer,
            "rows": rows,
            "all_versions": sorted(versions),
        },
    )
