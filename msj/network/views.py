"""The network staff's desk: every Mesa of the network and where each stands.

Forming Mesas are the network's own frame (DOMAIN.md §4.1): network staff register them, record
each step's evidence, validate the steps and install the Mesa. Everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.mesas.models import Mesa
from msj.network import services
from msj.network.access import network_view
from msj.network.forms import EvidenceForm, FounderForm, InstallForm, NotesForm, RegisterForm, apply_errors
from msj.network.models import Formation, FormationStep, Founder, StepEvidence
from msj.network.steps import INSTALLATION, STEP_COUNT


def get_formation(request: HttpRequest, formation_id: Any) -> Formation:
    """A formation of the caller's network, or 404."""
    formation = (
        Formation.objects.filter(mesa__network=request.network, public_id=formation_id)  # type: ignore[attr-defined]
        .select_related("mesa")
        .first()
    )
    if formation is None:
        raise Http404
    return formation


def get_step(request: HttpRequest, formation_id: Any, number: int) -> FormationStep:
    formation = get_formation(request, formation_id)
    found = (
        FormationStep.objects.filter(formation=formation, number=number)
        .select_related("formation__mesa", "validated_by")
        .prefetch_related("evidence", "formation__founders")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _steps(formation: Formation) -> list[FormationStep]:
    return list(formation.steps.select_related("validated_by").prefetch_related("evidence", "formation__founders"))


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@network_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    formations = (
        Formation.objects.filter(mesa__network=network, mesa__status=Mesa.Status.FORMING)
        .select_related("mesa")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=FormationStep.objects.prefetch_related("evidence", "formation__founders"),
            )
        )
        .order_by("mesa__name")
    )
    forming = []
    for formation in formations:
        steps = list(formation.steps.all())
        blocking = services.blocking_step(steps)
        forming.append(
            {
                "formation": formation,
                "done": sum(1 for s in steps if s.is_validated),
                "blocking": blocking,
                "missing": services.missing_evidence(blocking) if blocking is not None else [],
            }
        )
    mesas = network.mesas.exclude(status=Mesa.Status.FORMING).select_related("formation").order_by("status", "name")
    return render(
        request,
        "network/home.html",
        {"network": network, "forming": forming, "mesas": mesas, "step_count": STEP_COUNT},
    )


@network_view
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            formation = services.register_forming_mesa(
                network=network,
                by=request.network_actor,  # type: ignore[attr-defined]
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The forming Mesa has been registered with its thirteen steps."))
            return redirect("network:formation", network_slug=network.slug, formation_id=formation.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "network/register.html", {"network": network, "form": form}, status=status)


def _formation_page(
    request: HttpRequest, formation: Formation, *, founder_form: FounderForm | None = None, status: int = 200
) -> HttpResponse:
    steps = _steps(formation)
    return render(
        request,
        "network/formation.html",
        {
            "network": request.network,  # type: ignore[attr-defined]
            "formation": formation,
            "mesa": formation.mesa,
            "rows": [{"step": s, "missing": services.missing_evidence(s)} for s in steps],
            "done": sum(1 for s in steps if s.is_validated),
            "step_count": STEP_COUNT,
            "blocking": services.blocking_step(steps),
            "founders": formation.founders.all(),
            "founder_form": founder_form or FounderForm(),
            "install_form": InstallForm(),
            "is_forming": formation.mesa.status == Mesa.Status.FORMING,
        },
        status=status,
    )


@network_view
@require_GET
def formation(request: HttpRequest, formation_id: Any) -> HttpResponse:
    return _formation_page(request, get_formation(request, formation_id))


def _step_page(
    request: HttpRequest,
    step: FormationStep,
    *,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    formation = step.formation
    return render(
        request,
        "network/step.html",
        {
            "network": request.network,  # type: ignore[attr-defined]
            "formation": formation,
            "mesa": formation.mesa,
            "step": step,
            "definition": step.definition,
            "evidence": step.evidence.all(),
            "missing": services.missing_evidence(step),
            "evidence_form": evidence_form or EvidenceForm(step=step.definition),
            "notes_form": NotesForm(initial={"notes": step.notes}),
            "is_installation": step.number == INSTALLATION,
            "previous": step.number - 1 if step.number > 1 else None,
            "next": step.number + 1 if step.number < STEP_COUNT else None,
        },
        status=status,
    )


@network_view
@require_GET
def step(request: HttpRequest, formation_id: Any, number: int) -> HttpResponse:
    return _step_page(request, get_step(request, formation_id, number))


def _to_step(request: HttpRequest, found: FormationStep) -> HttpResponse:
    return redirect(
        "network:step",
        network_slug=request.network.slug,  # type: ignore[attr-defined]
        formation_id=found.formation.public_id,
        number=found.number,
    )


@network_view
@require_POST
def add_evidence(request: HttpRequest, formation_id: Any, number: int) -> HttpResponse:
    found = get_step(request, formation_id, number)
    form = EvidenceForm(request.POST, request.FILES, step=found.definition)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_evidence(
                step=found,
                requirement=data["requirement"],
                kind=data["kind"],
                upload=data["document"],
                date=data["date"],
                text=data["text"],
                by=request.network_actor,  # type: ignore[attr-defined]
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The evidence has been recorded."))
            return _to_step(request, found)
    return _step_page(request, found, evidence_form=form, status=400)


@network_view
@require_POST
def save_notes(request: HttpRequest, formation_id: Any, number: int) -> HttpResponse:
    found = get_step(request, formation_id, number)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.save_notes(
            step=found,
            notes=form.cleaned_data["notes"],
            by=request.network_actor,  # type: ignore[attr-defined]
            request=request,
        )
        messages.success(request, _("The notes have been saved."))
    else:
        messages.error(request, _("The notes are too long."))
    return _to_step(request, found)


@network_view
@require_POST
def validate_step(request: HttpRequest, formation_id: Any, number: int) -> HttpResponse:
    found = get_step(request, formation_id, number)
    try:
        services.validate_step(step=found, by=request.network_actor, request=request)  # type: ignore[attr-defined]
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Step %(number)d has been validated.") % {"number": found.number})
    return _to_step(request, found)


@network_view
@require_POST
def add_founder(request: HttpRequest, formation_id: Any) -> HttpResponse:
    found = get_formation(request, formation_id)
    form = FounderForm(request.POST)
    if form.is_valid():
        try:
            services.add_founder(
                formation=found,
                by=request.network_actor,  # type: ignore[attr-defined]
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The person has been added to the founding list."))
            return redirect("network:formation", network_slug=found.mesa.network.slug, formation_id=found.public_id)
    return _formation_page(request, found, founder_form=form, status=400)


@network_view
@require_POST
def remove_founder(request: HttpRequest, formation_id: Any, founder_id: Any) -> HttpResponse:
    found = get_formation(request, formation_id)
    founder = Founder.objects.filter(formation=found, public_id=founder_id).first()
    if founder is None:
        raise Http404
    try:
        services.remove_founder(founder=founder, by=request.network_actor, request=request)  # type: ignore[attr-defined]
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The person has been taken off the founding list."))
    return redirect("network:formation", network_slug=found.mesa.network.slug, formation_id=found.public_id)


@network_view
@require_POST
def install(request: HttpRequest, formation_id: Any) -> HttpResponse:
    found = get_formation(request, formation_id)
    form = InstallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the time and the place of the first plenary."))
    else:
        try:
            services.install_mesa(
                formation=found,
                by=request.network_actor,  # type: ignore[attr-defined]
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request,
                _("%(mesa)s is installed and operating; its first plenary is scheduled.") % {"mesa": found.mesa.name},
            )
    return redirect("network:formation", network_slug=found.mesa.network.slug, formation_id=found.public_id)


@network_view
@require_GET
@never_cache
def evidence(request: HttpRequest, formation_id: Any, evidence_id: Any) -> HttpResponse:
    """Hand over one evidence document to network staff; the download is audited."""
    found = get_formation(request, formation_id)
    item = StepEvidence.objects.filter(step__formation=found, public_id=evidence_id).exclude(document="").first()
    if item is None:
        raise Http404
    try:
        handle = item.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        AuditEvent.Action.EXPORT,
        obj=item,
        actor=request.network_actor,  # type: ignore[attr-defined]
        mesa=found.mesa,
        after={"name": item.original_name, "sha256": item.sha256},
        request=request,
    )
    return FileResponse(  # type: ignore[return-value]  # a streamed file, served like any other response
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
