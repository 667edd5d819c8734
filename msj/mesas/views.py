"""The Mesa's dashboard frame and its rules."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from msj.members.access import Role, mesa_view
from msj.members.models import Membership, Office, alternate_shortfall
from msj.members.policies import office_policy
from msj.mesas import services
from msj.mesas.forms import MesaRulesForm
from msj.mesas.policies import mesa_policy


@mesa_view(network=True)
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """The Mesa's home: its frame, its people at a glance; later capabilities add their panels."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    mesa_policy.require(actor, "view", mesa)
    context: dict[str, object] = {"mesa": mesa, "actor": actor}
    if not actor.has(Role.NETWORK):
        today = mesa.today()
        counts = dict(
            Membership.objects.filter(mesa=mesa, status=Membership.Status.ACTIVE, ended_on__isnull=True)
            .values_list("kind")
            .annotate(n=Count("id"))
        )
        context["counts"] = counts
        context["officers"] = None
        if office_policy.can(actor, "view"):
            officers = list(
                office_policy.visible(actor, Office.objects.current(today))
                .select_related("membership__user")
                .order_by("kind")
            )
            context["officers"] = officers
            context["alternates_missing"] = alternate_shortfall(
                sum(1 for o in officers if o.kind == Office.Kind.ALTERNATE)
            )
    return render(request, "mesas/dashboard.html", context)


@mesa_view
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """Show the Mesa's rules; the coordinator and the secretary may change them."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    mesa_policy.require(actor, "view_rules", mesa)
    can_change = mesa_policy.can(actor, "change_rules", mesa)
    if request.method == "POST":
        mesa_policy.require(actor, "change_rules", mesa)
        form = MesaRulesForm(request.POST, instance=mesa)
        if form.is_valid():
            services.save_rules(form=form, by=actor, request=request)
            messages.success(request, _("The Mesa's rules were saved."))
            return redirect("mesas:rules", mesa_slug=mesa.slug)
        messages.error(request, _("The rules were not saved. Correct the fields marked below."))
    else:
        form = MesaRulesForm(instance=mesa)
    return render(request, "mesas/rules.html", {"mesa": mesa, "form": form, "can_change": can_change})
