"""Pages that belong to no Mesa: the person's home and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from msj.members.models import Membership, NetworkStaff, Office


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """List the person's Mesas, their roles in each, and what awaits them."""
    memberships = [
        m
        for m in Membership.objects.current()
        .filter(user=request.user.pk)
        .select_related("mesa", "user", "seat__post")
        .order_by("mesa__name")
        if m.is_current()
    ]
    offices: dict[int, list[str]] = {}
    for office in Office.objects.filter(membership__in=memberships, ended_on__isnull=True):
        offices.setdefault(office.membership_id, []).append(office.get_kind_display())
    rows = [(m, offices.get(m.pk, [])) for m in memberships]
    networks = NetworkStaff.objects.filter(user=request.user.pk, ended_on__isnull=True).select_related("network")
    return render(request, "core/home.html", {"rows": rows, "networks": networks})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer 200 when the database answers, 503 otherwise; used by load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
