"""Browse a Mesa's audit trail (Executive Committee and technical secretary)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msj.audit.models import AuditEvent
from msj.audit.policies import audit_policy
from msj.members.access import mesa_view


@mesa_view
@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    audit_policy.require(actor, "view")
    events = audit_policy.visible(actor, AuditEvent.objects.all()).select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {"mesa": request.mesa, "page": page, "action": action, "actions": AuditEvent.Action.choices},  # type: ignore[attr-defined]
    )
