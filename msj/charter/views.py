"""A Mesa's documents: those in force, their versions and signatures, adoption, the network's models."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.charter import services
from msj.charter.forms import AdoptForm
from msj.charter.models import ADOPTABLE, SIGNED, AdoptedDocument, Kind, ModelDocument, Signature
from msj.charter.policies import charter_policy
from msj.core.forms import add_service_errors
from msj.members.access import mesa_view


def _kind(kind: str, among: tuple[Kind, ...] = ADOPTABLE) -> Kind:
    if kind not in among:
        raise Http404
    return Kind(kind)


def _models(request: HttpRequest) -> Any:
    return ModelDocument.objects.filter(network_id=request.mesa.network_id)  # type: ignore[attr-defined]


def _signed_by(actor: Any, documents: list[AdoptedDocument]) -> set[int]:
    """Which of `documents` the caller has signed (ids)."""
    if actor.membership is None:
        return set()
    return set(
        Signature.objects.filter(document__in=documents, membership=actor.membership).values_list(
            "document_id", flat=True
        )
    )


@mesa_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The Mesa's documents in force, one per kind, and what the caller still has to sign."""
    actor = request.actor  # type: ignore[attr-defined]
    charter_policy.require(actor, "view")
    in_force = {d.kind: d for d in charter_policy.visible(actor, AdoptedDocument.objects.in_force())}
    signed = _signed_by(actor, list(in_force.values()))
    may_sign = charter_policy.can(actor, "sign")
    rows = [
        {
            "kind": kind,
            "document": in_force.get(kind),
            "to_sign": may_sign and kind in SIGNED and kind in in_force and in_force[kind].pk not in signed,
        }
        for kind in ADOPTABLE
    ]
    return render(
        request,
        "charter/index.html",
        {"mesa": request.mesa, "rows": rows, "can_adopt": charter_policy.can(actor, "adopt")},  # type: ignore[attr-defined]
    )


@mesa_view
@require_GET
def document(request: HttpRequest, kind: str) -> HttpResponse:
    """The version in force of one kind, the caller's signature, and every earlier version."""
    actor = request.actor  # type: ignore[attr-defined]
    charter_policy.require(actor, "view")
    kind = _kind(kind)
    versions = list(
        charter_policy.visible(actor, AdoptedDocument.objects.filter(kind=kind)).select_related(
            "based_on", "adopted_by__user"
        )
    )
    current = next((v for v in versions if v.in_force), None)
    to_sign = (
        current is not None
        and current.needs_signatures
        and charter_policy.can(actor, "sign")
        and not _signed_by(actor, [current])
    )
    return render(
        request,
        "charter/document.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "kind": kind,
            "current": current,
            "versions": versions,
            "to_sign": to_sign,
            "signs": charter_policy.can(actor, "sign") and kind in SIGNED,
            "can_adopt": charter_policy.can(actor, "adopt"),
            "can_follow": charter_policy.can(actor, "follow_signatures") and kind in SIGNED,
        },
    )


@mesa_view
@require_GET
def version(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One version of a Mesa document, with what changed from the version before it."""
    actor = request.actor  # type: ignore[attr-defined]
    charter_policy.require(actor, "view")
    document = charter_policy.get(actor, AdoptedDocument.objects.select_related("based_on"), public_id)
    previous = (
        charter_policy.visible(actor, AdoptedDocument.objects.filter(kind=document.kind, version__lt=document.version))
        .order_by("-version")
        .first()
    )
    return render(
        request,
        "charter/version.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "document": document,
            "previous": previous,
            "changes": services.diff(previous.body, document.body) if previous else [],
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, kind: str) -> HttpResponse:
    """Record a new version of the Mesa's document: from a network model, adapted, or the Mesa's own."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    charter_policy.require(actor, "adopt")
    kind = _kind(kind)
    models = _models(request).filter(kind=kind)
    if request.method == "POST":
        form = AdoptForm(request.POST, models=models)
        if form.is_valid():
            try:
                adopted = services.adopt(mesa=mesa, kind=kind, by=actor, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(version)s is in force from now on.") % {"version": adopted.version},
                )
                return redirect("charter:document", mesa_slug=mesa.slug, kind=kind)
    else:
        form = AdoptForm(initial=_adopt_initial(request, kind, models), models=models)
    return render(request, "charter/adopt.html", {"mesa": mesa, "kind": kind, "form": form})


def _adopt_initial(request: HttpRequest, kind: str, models: Any) -> dict[str, Any]:
    """Start from the model asked for, else the version in force (to adapt it), else the latest model."""
    model = models.filter(public_id=request.GET["model"]).first() if _is_uuid(request.GET.get("model")) else None
    current = charter_policy.visible(request.actor, AdoptedDocument.objects.in_force().filter(kind=kind)).first()  # type: ignore[attr-defined]
    if model is None and current is None:
        model = models.order_by("-version").first()
    source: Any = model or current
    initial: dict[str, Any] = {"adopted_on": request.mesa.today()}  # type: ignore[attr-defined]
    if source is not None:
        initial |= {"title": source.title, "body": source.body}
    based_on = model or (current.based_on if current else None)
    if based_on is not None:
        initial["based_on"] = based_on.public_id
    return initial


def _is_uuid(value: str | None) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@mesa_view
@require_POST
def sign(request: HttpRequest, kind: str) -> HttpResponse:
    """Sign the version in force that the member read (its public id comes with the form)."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    charter_policy.require(actor, "sign")
    kind = _kind(kind, SIGNED)
    read = request.POST.get("document", "")
    document = (
        charter_policy.visible(actor, AdoptedDocument.objects.filter(kind=kind, public_id=read)).first()
        if _is_uuid(read)
        else None
    )
    if document is None:
        messages.error(request, _("Nothing was signed: sign from the document's page."))
    else:
        try:
            __, created = services.sign(document=document, membership=actor.membership, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if created:
                messages.success(request, _("You signed version %(version)s.") % {"version": document.version})
            else:
                messages.info(request, _("You had signed this version already."))
    return redirect("charter:document", mesa_slug=mesa.slug, kind=kind)


@mesa_view
@require_GET
def signatures(request: HttpRequest, kind: str) -> HttpResponse:
    """Who has signed the version in force, and who has not yet."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    charter_policy.require(actor, "follow_signatures")
    kind = _kind(kind, SIGNED)
    current = charter_policy.visible(actor, AdoptedDocument.objects.in_force().filter(kind=kind)).first()
    rows: list[dict[str, Any]] = []
    if current is not None:
        signed = {s.membership_id: s for s in current.signatures.all()}
        rows = [{"membership": m, "signature": signed.get(m.pk)} for m in services.signers(mesa)]
    return render(
        request,
        "charter/signatures.html",
        {
            "mesa": mesa,
            "kind": kind,
            "current": current,
            "rows": rows,
            "missing": sum(1 for r in rows if r["signature"] is None),
        },
    )


@mesa_view
@require_GET
def models(request: HttpRequest) -> HttpResponse:
    """The network's model documents the Mesa may adopt from, latest version first."""
    actor = request.actor  # type: ignore[attr-defined]
    charter_policy.require(actor, "view")
    return render(
        request,
        "charter/models.html",
        {"mesa": request.mesa, "models": _models(request).order_by("kind", "-version")},  # type: ignore[attr-defined]
    )


@mesa_view
@require_GET
def model(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    charter_policy.require(actor, "view")
    try:
        document = _models(request).get(public_id=public_id)
    except (ValueError, ValidationError, ModelDocument.DoesNotExist):
        raise Http404 from None
    return render(
        request,
        "charter/model.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "document": document,
            "can_adopt": charter_policy.can(actor, "adopt") and document.kind in ADOPTABLE,
        },
    )
