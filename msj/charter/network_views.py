"""The network staff's model documents, and which versions each Mesa has in force (never their text)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from msj.charter import services
from msj.charter.forms import ModelDocumentForm
from msj.charter.models import ADOPTABLE, AdoptedDocument, Kind, ModelDocument
from msj.core.forms import add_service_errors
from msj.network.access import network_view


def _models(request: HttpRequest) -> Any:
    return ModelDocument.objects.filter(network=request.network)  # type: ignore[attr-defined]


@network_view
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    """Every model document, latest version first within each kind."""
    rows = list(_models(request).order_by("kind", "-version"))
    latest: dict[str, ModelDocument] = {}
    for row in rows:
        latest.setdefault(row.kind, row)
    kinds = [{"kind": kind, "latest": latest.get(kind)} for kind in Kind]
    return render(
        request,
        "charter/network/templates.html",
        {"network": request.network, "kinds": kinds, "rows": rows},  # type: ignore[attr-defined]
    )


@network_view
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    """Publish a new version of a model document (the first, or one that replaces the latest)."""
    network = request.network  # type: ignore[attr-defined]
    if request.method == "POST":
        form = ModelDocumentForm(request.POST)
        if form.is_valid():
            try:
                by = request.network_actor  # type: ignore[attr-defined]
                document = services.publish_model(network=network, by=by, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Version %(version)s published.") % {"version": document.version})
                return redirect("charter_network:template", network_slug=network.slug, public_id=document.public_id)
    else:
        kind = request.GET.get("kind")
        initial: dict[str, Any] = {}
        latest = _models(request).filter(kind=kind).order_by("-version").first() if kind in Kind.values else None
        if kind in Kind.values:
            initial["kind"] = kind
        if latest is not None:
            initial |= {"title": latest.title, "body": latest.body}
        form = ModelDocumentForm(initial=initial)
    return render(request, "charter/network/template_form.html", {"network": network, "form": form})


@network_view
@require_GET
def template(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One version of a model document, with what changed from the version before it."""
    try:
        document = _models(request).select_related("published_by").get(public_id=public_id)
    except ModelDocument.DoesNotExist:
        raise Http404 from None
    history = list(_models(request).filter(kind=document.kind).order_by("-version"))
    previous = next((d for d in history if d.version < document.version), None)
    return render(
        request,
        "charter/network/template.html",
        {
            "network": request.network,  # type: ignore[attr-defined]
            "document": document,
            "history": history,
            "previous": previous,
            "changes": services.diff(previous.body, document.body) if previous else [],
        },
    )


@network_view
@require_GET
def adoption(request: HttpRequest) -> HttpResponse:
    """Which documents each Mesa has in force, with their version and date: never their text."""
    network = request.network  # type: ignore[attr-defined]
    mesas = list(network.mesas.order_by("name"))
    in_force = {
        (row["mesa_id"], row["kind"]): row
        for row in AdoptedDocument.objects.in_force()
        .filter(mesa__network=network)
        .values("mesa_id", "kind", "version", "adopted_on", "based_on__version")
    }
    rows = [{"mesa": mesa, "cells": [in_force.get((mesa.pk, kind)) for kind in ADOPTABLE]} for mesa in mesas]
    return render(
        request,
        "charter/network/adoption.html",
        {"network": network, "kinds": [Kind(k) for k in ADOPTABLE], "rows": rows},
    )
