"""Proposals to the Executive Committee: the list (with the secretary's evaluation due), a proposal, proposing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from msj.core.forms import add_service_errors
from msj.decisions import services
from msj.decisions.forms import FORMS
from msj.decisions.models import Proposal
from msj.decisions.policies import proposal_policy
from msj.members.access import mesa_view


@mesa_view
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    proposal_policy.require(actor, "view")
    proposals = list(
        proposal_policy.visible(actor, Proposal.objects.all()).select_related("vote", "proposed_by__user")[:200]
    )
    return render(
        request,
        "decisions/list.html",
        {
            "mesa": mesa,
            "voting": [p for p in proposals if p.status == Proposal.Status.VOTING],
            "decided": [p for p in proposals if p.status != Proposal.Status.VOTING],
            "evaluation": services.evaluation_status(mesa),
            "can_propose": proposal_policy.can(actor, "propose"),
            "kinds": Proposal.Kind.choices,
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, kind: str) -> HttpResponse:
    """A member of the Executive Committee puts a decision to it; the vote opens at once."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    proposal_policy.require(actor, "propose")
    if kind not in FORMS:
        raise Http404
    form = FORMS[kind](request.POST if request.method == "POST" else None, mesa=mesa)  # type: ignore[call-arg]
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = services.propose(mesa=mesa, kind=kind, by=actor, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The proposal is put to the vote: every member of the Executive Committee has been e-mailed."),
                )
                return redirect("decisions:detail", mesa_slug=mesa.slug, public_id=proposal.public_id)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(
        request,
        "decisions/propose.html",
        {
            "mesa": mesa,
            "form": form,
            "kind_label": Proposal.Kind(kind).label,
            "evaluation": services.evaluation_status(mesa) if kind == Proposal.Kind.EVALUATE_SECRETARY else None,
        },
    )


@mesa_view
@require_GET
def proposal_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    proposal_policy.require(actor, "view")
    proposal = proposal_policy.get(
        actor,
        Proposal.objects.select_related(
            "vote__result",
            "proposed_by__user",
            "axis",
            "coordinator__user",
            "alternate__user",
            "committee",
            "appointee__user",
            "secretary_office__membership__user",
        ),
        public_id,
    )
    return render(
        request,
        "decisions/detail.html",
        {"mesa": request.mesa, "proposal": proposal, "result": getattr(proposal.vote, "result", None)},  # type: ignore[attr-defined]
    )
