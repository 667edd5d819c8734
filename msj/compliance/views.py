"""The compliance dashboard: is the Mesa keeping its own rules? (issue: operating cycle, item 9)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from msj.audit.services import record_export
from msj.compliance import selectors
from msj.compliance.policies import compliance_policy
from msj.core.export import safe_cell
from msj.members.access import mesa_view


@mesa_view
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    compliance_policy.require(actor, "view", actor.mesa)
    context = selectors.dashboard(actor)
    context["mesa"] = actor.mesa
    data = context["fulfilment"]
    context["chart"] = chart_bars(data)
    context["rhythms"] = [context["plenary"], *context["committees"]]
    context["fulfilment_tables"] = [
        (_("Whole Mesa"), [data.mesa]),
        (_("Per committee"), data.committees),
        (_("Per official seat"), data.institutions),
    ]
    return render(request, "compliance/dashboard.html", context)


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
