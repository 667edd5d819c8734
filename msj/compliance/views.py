"""The compliance dashboard: is the Mesa keeping its own rules? (issue: operating cycle, item 9)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from msj.audit.models import AuditEvent
from msj.audit.services import record_export
from msj.compliance import selectors
from msj.compliance.policies import compliance_policy
from msj.core.export import safe_cell
from msj.members.access import Actor, mesa_view

# The dashboard reads a dozen tables of the Mesa; its rendered panels are kept for a minute,
# and only while nothing is written in the Mesa: every write there leaves an audit event, so
# the newest event is part of the key and the first page after any change is computed afresh.
PANELS_SECONDS = 60


def panels_key(actor: Actor, now: dt.datetime) -> str:
    """The cache key of one reader's panels: who reads, in which language, the Mesa's last write, the minute."""
    mesa = actor.mesa
    # By id, not by time: the events' clock may step back (NTP), their ids never do.
    last_write = AuditEvent.objects.filter(mesa=mesa).order_by("-pk").values_list("pk", flat=True).first() or 0
    roles = ".".join(sorted(actor.roles))
    minute = int(now.timestamp()) // PANELS_SECONDS
    return f"compliance:{mesa.pk}:{actor.user.pk}:{roles}:{get_language()}:{last_write}:{minute}"


def render_panels(request: HttpRequest, actor: Actor) -> str:
    context = selectors.dashboard(actor)
    data = context["fulfilment"]
    context["mesa"] = actor.mesa
    context["chart"] = chart_bars(data)
    context["rhythms"] = [context["plenary"], *context["committees"]]
    context["fulfilment_tables"] = [
        (_("Whole Mesa"), [data.mesa]),
        (_("Per committee"), data.committees),
        (_("Per official seat"), data.institutions),
    ]
    return render_to_string("compliance/_panels.html", context, request=request)


@mesa_view
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    compliance_policy.require(actor, "view", actor.mesa)
    key = panels_key(actor, timezone.now())
    panels = cache.get(key)
    if panels is None:
        panels = render_panels(request, actor)
        cache.set(key, panels, PANELS_SECONDS)
    return render(request, "compliance/dashboard.html", {"mesa": actor.mesa, "panels": mark_safe(panels)})  # noqa: S308 - our template's output


def chart_bars(fulfilment: selectors.Fulfilment) -> list[dict[str, Any]]:
    """One bar per quarter of the Mesa's fulfilment, in the units of the template's SVG (0–100)."""
    bars = []
    for index, (quarter, cell) in enumerate(zip(fulfilment.quarters, fulfilment.mesa.cells, strict=True)):
        pct = cell.pct
        height = pct or 0
        bars.append({"x": 10 + index * 50, "y": 110 - height, "height": height, "pct": pct, "label": quarter.label})
    return bars


@mesa_view
@require_GET
@never_cache
def fulfilment_csv(request: HttpRequest) -> HttpResponse:
    """The fulfilment tables as CSV, one row per body and quarter; audited like every export."""
    actor = request.actor  # type: ignore[attr-defined]
    compliance_policy.require(actor, "export", actor.mesa)
    mesa = actor.mesa
    data = selectors.fulfilment(actor)
    out = io.StringIO()
    writer = csv.writer(out)
    done = pgettext("count of agreements", "Done")
    writer.writerow([_("Group"), _("Name"), _("Quarter"), _("Due"), done, _("Fulfilment (%)")])
    groups = [(_("Mesa"), [data.mesa]), (_("Committee"), data.committees), (_("Official seat"), data.institutions)]
    for group, series_list in groups:
        for series in series_list:
            for quarter, cell in zip(data.quarters, series.cells, strict=True):
                pct = "" if cell.pct is None else cell.pct
                writer.writerow([safe_cell(group), safe_cell(series.name), quarter.label, cell.counted, cell.done, pct])
    # A BOM so that Excel, which most secretaries open CSV files with, reads the accents right.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{mesa.slug}-cumplimiento-{mesa.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_export(actor=actor, mesa=mesa, what="compliance.fulfilment.csv", request=request)
    return response
