"""The Mesa's side of the Encuentro Nacional, under /m/<mesa-slug>/encuentro/.

Members see the network's Encuentros and who their Mesa registered, and the agenda once their
Mesa is registered; the coordinator and the technical secretary register the delegates and
report on the network agreements where the Mesa is responsible.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from msj.encuentros import services
from msj.encuentros.forms import FollowUpForm, RegistrationForm, form_errors, refusal
from msj.encuentros.models import Delegate, Encuentro, NetworkFollowUp, network_today
from msj.encuentros.policies import encuentro_policy, mesa_agreement_policy
from msj.members.access import Actor, mesa_view


def _encuentro(actor: Actor, public_id: Any) -> Encuentro:
    encuentro: Encuentro = encuentro_policy.get(actor, Encuentro.objects.all(), public_id)
    return encuentro


def _back(actor: Actor, encuentro: Encuentro) -> HttpResponse:
    return redirect("encuentros:detail", mesa_slug=actor.mesa.slug, public_id=encuentro.public_id)


@mesa_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The network's Encuentros, newest first, with how many delegates the Mesa registered to each."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    encuentro_policy.require(actor, "view")
    encuentros = encuentro_policy.visible(actor, Encuentro.objects.all()).annotate(
        mine=Count("delegates", filter=Q(delegates__mesa=actor.mesa))
    )
    now = timezone.now()
    rows = [(e, e.registration_is_open(now)) for e in encuentros.order_by("-year")]
    return render(request, "encuentros/mesa_home.html", {"mesa": actor.mesa, "rows": rows})


@mesa_view
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    encuentro_policy.require(actor, "view")
    encuentro = _encuentro(actor, public_id)
    mesa = actor.mesa
    delegates = list(Delegate.objects.filter(encuentro=encuentro, mesa=mesa).order_by("name", "pk"))
    open_now = encuentro.registration_is_open(timezone.now())
    may_register = encuentro_policy.can(actor, "register") and open_now and mesa.status == mesa.Status.OPERATING
    taken = {d.membership_id for d in delegates}
    candidates = [m for m in services.eligible_delegates(mesa) if m.pk not in taken] if may_register else []
    agreements: list[Any] = []
    keeper = encuentro_policy.can(actor, "agreements")
    if keeper:
        # The timeline a Mesa reads: the network's entries and its own, never another Mesa's reports.
        own = NetworkFollowUp.objects.filter(Q(mesa__isnull=True) | Q(mesa=mesa)).order_by("-on", "-created_at", "-pk")
        today = network_today()
        agreements = [
            (a, a.is_overdue(today))
            for a in services.with_last_follow_up(
                mesa_agreement_policy.visible(actor, encuentro.agreements.all())
            ).prefetch_related(Prefetch("follow_ups", queryset=own.select_related("mesa"), to_attr="timeline"))
        ]
    return render(
        request,
        "encuentros/mesa_detail.html",
        {
            "mesa": mesa,
            "encuentro": encuentro,
            "delegates": delegates,
            "registration_open": open_now,
            "may_register": may_register,
            "may_withdraw": may_register,
            "candidates": candidates,
            "places_left": max(0, encuentro.delegates_per_mesa - len(delegates)),
            "agenda": (
                encuentro.agenda.select_related("presenter_mesa")
                if encuentro_policy.can(actor, "agenda", encuentro)
                else None
            ),
            "agreements": agreements,
            "follow_up_form": FollowUpForm(network_side=False) if keeper else None,
        },
    )


@mesa_view
@require_POST
def register(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    encuentro_policy.require(actor, "register")
    encuentro = _encuentro(actor, public_id)
    form = RegistrationForm(request.POST, mesa=actor.mesa)
    if not form.is_valid():
        messages.error(
            request,
            _("Nobody was registered. %(errors)s") % {"errors": form_errors(form)},
        )
        return _back(actor, encuentro)
    try:
        added = services.register_delegates(
            encuentro=encuentro,
            mesa=actor.mesa,
            memberships=form.cleaned_data["members"],
            by=actor,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _("Nobody was registered. %(errors)s") % {"errors": refusal(error)})
    else:
        messages.success(
            request,
            ngettext("%(n)d delegate was registered.", "%(n)d delegates were registered.", len(added))
            % {"n": len(added)},
        )
    return _back(actor, encuentro)


@mesa_view
@require_POST
def withdraw(request: HttpRequest, public_id: Any, delegate_id: Any) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    encuentro_policy.require(actor, "register")
    encuentro = _encuentro(actor, public_id)
    delegate = get_object_or_404(Delegate.objects.filter(encuentro=encuentro, mesa=actor.mesa), public_id=delegate_id)
    try:
        services.withdraw_delegate(delegate=delegate, by=actor, request=request)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("%(name)s is no longer registered.") % {"name": delegate.name})
    return _back(actor, encuentro)


@mesa_view
@require_POST
def follow_up(request: HttpRequest, public_id: Any, agreement_id: Any) -> HttpResponse:
    """The Mesa reports on a network agreement where it is responsible."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    mesa_agreement_policy.require(actor, "follow_up")
    encuentro = _encuentro(actor, public_id)
    agreement = mesa_agreement_policy.get(actor, encuentro.agreements.all(), agreement_id)
    form = FollowUpForm(request.POST, network_side=False)
    if not form.is_valid():
        messages.error(request, _("The follow-up was not recorded. %(errors)s") % {"errors": form_errors(form)})
        return _back(actor, encuentro)
    try:
        services.add_follow_up(agreement=agreement, by=actor, mesa=actor.mesa, request=request, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _("The follow-up was not recorded. %(errors)s") % {"errors": refusal(error)})
    else:
        messages.success(request, _("The follow-up was recorded."))
    return _back(actor, encuentro)
