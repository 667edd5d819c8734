"""The indicators' pages: the monthly board, an indicator with its sources, targets and lights,
charts and data to take away, the map, the impact view, settings and the monthly reports."""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.services import record_export
from msj.core.export import safe_cell
from msj.core.forms import add_service_errors
from msj.indicators import boundaries, charts, services
from msj.indicators.chartdata import series_chart
from msj.indicators.figures import figures_table, indicator_figures, revision_history, settings_for, territory_codes
from msj.indicators.forms import (
    ApprovalForm,
    ImportForm,
    IndicatorForm,
    SettingsForm,
    TargetForm,
    WithdrawalForm,
    parse_month,
)
from msj.indicators.impact import NotEnoughData, caveat, plain_summary
from msj.indicators.impact_data import impact_for
from msj.indicators.models import ImportBatch, Incident, Indicator, Municipality, Source
from msj.indicators.policies import indicator_policy
from msj.indicators.rates import Annualisation
from msj.members.access import mesa_view


def _indicator(request: HttpRequest, public_id: Any) -> Indicator:
    actor = request.actor  # type: ignore[attr-defined]
    indicator_policy.require(actor, "view")
    return indicator_policy.get(actor, Indicator.objects.select_related("mesa"), public_id)


def _annualisation(request: HttpRequest) -> str | None:
    how = request.GET.get("annualisation")
    return how if how in Annualisation.values else None


def _data_uri(chart: Any) -> str:
    """A chart as an image the page can show under its CSP (SVG inline styles would be blocked)."""
    return "data:image/svg+xml;base64," + base64.b64encode(charts.render(chart, "svg")).decode("ascii")


def _table(figures: Any) -> list[tuple[Any, list[int | None]]]:
    """The months, newest first, with each source's count in the order of figures.lines."""
    return [(row, [row.counts.get(line.key) for line in figures.lines]) for row in reversed(figures.rows)]


@mesa_view
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Every indicator's latest month: count by source, rate, light with its rule, target, changes."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "view")
    indicators = indicator_policy.visible(actor, Indicator.objects.all()).prefetch_related("categories")
    codes = territory_codes(mesa)
    panels = [indicator_figures(indicator, codes=codes) for indicator in indicators]
    latest = max((f.latest.month for f in panels if f.latest is not None), default=None)
    return render(
        request,
        "indicators/board.html",
        {
            "mesa": mesa,
            "panels": panels,
            "report_month": f"{latest[0]}-{latest[1]:02d}" if latest else "",
            "settings": settings_for(mesa),
            "territory": Municipality.objects.filter(code__in=codes),
            "can_manage": indicator_policy.can(actor, "manage"),
        },
    )


def _detail_context(indicator: Indicator, figures: Any, actor: Any) -> dict[str, Any]:
    return {
        "mesa": indicator.mesa,
        "indicator": indicator,
        "figures": figures,
        "rows": _table(figures),
        "chart_src": "",
        "annualisations": Annualisation.choices,
        "target_form": TargetForm(actor=actor) if indicator_policy.can(actor, "manage", indicator) else None,
        "approval_form": ApprovalForm() if indicator_policy.can(actor, "approve_publication", indicator) else None,
        "published_through": services.published_through(indicator),
        "publications": indicator.publications.select_related("approved_by", "withdrawn_by"),
        "withdrawal_form": WithdrawalForm() if indicator_policy.can(actor, "approve_publication", indicator) else None,
    }


@mesa_view
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    indicator = _indicator(request, public_id)
    figures = indicator_figures(indicator, annualisation=_annualisation(request))
    context = _detail_context(indicator, figures, actor)
    context["chart_src"] = _data_uri(series_chart(figures, last=60)) if figures.rows else ""
    return render(request, "indicators/detail.html", context)


@mesa_view
@require_GET
def chart(request: HttpRequest, public_id: Any, fmt: str) -> HttpResponse:
    """The indicator's chart for slides, the same drawing as on its page."""
    indicator = _indicator(request, public_id)
    if fmt not in charts.FORMATS:
        raise Http404
    figures = indicator_figures(indicator, annualisation=_annualisation(request))
    body = charts.render(series_chart(figures, last=60), fmt)
    response = HttpResponse(body, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}.{fmt}"'
    return response


@mesa_view
@require_GET
def export(request: HttpRequest, public_id: Any, fmt: str) -> HttpResponse:
    """The indicator's months as a spreadsheet: each source's count, population, rate, target, light."""
    actor = request.actor  # type: ignore[attr-defined]
    indicator = _indicator(request, public_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    figures = indicator_figures(indicator, annualisation=_annualisation(request))
    table = figures_table(figures)
    record_export(actor=actor, mesa=indicator.mesa, what=f"indicator {indicator.slug} ({fmt})", request=request)
    name = f"{indicator.slug}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for line in table:
            writer.writerow(["" if cell is None else safe_cell(str(cell)) for cell in line])
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = indicator.slug[:31]  # type: ignore[union-attr]
        for line in table:
            sheet.append([safe_cell(cell) if isinstance(cell, str) else cell for cell in line])  # type: ignore[union-attr]
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@mesa_view
@require_POST
def target_create(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    indicator = _indicator(request, public_id)
    indicator_policy.require(actor, "manage", indicator)
    form = TargetForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.set_target(indicator=indicator, by=actor, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The target is recorded; the earlier ones stay in its history."))
            return redirect("indicators:detail", mesa_slug=indicator.mesa.slug, public_id=indicator.public_id)
    messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    context = _detail_context(indicator, indicator_figures(indicator), actor)
    context["target_form"] = form
    return render(request, "indicators/detail.html", context, status=400)


@mesa_view
@require_POST
def approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A member of the Executive Committee approves the figures up to a month for the press."""
    actor = request.actor  # type: ignore[attr-defined]
    indicator = _indicator(request, public_id)
    indicator_policy.require(actor, "approve_publication", indicator)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        year, month = form.cleaned_data["month"]
        try:
            services.approve_publication(
                indicator=indicator, year=year, month=month, by=actor, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The figures up to that month may now appear in the press version."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("indicators:detail", mesa_slug=indicator.mesa.slug, public_id=indicator.public_id)


@mesa_view
@require_POST
def withdraw(request: HttpRequest, public_id: Any, approval_id: Any) -> HttpResponse:
    """A member of the Executive Committee withdraws an approval; its figures leave every public place."""
    actor = request.actor  # type: ignore[attr-defined]
    indicator = _indicator(request, public_id)
    indicator_policy.require(actor, "approve_publication", indicator)
    approval = get_object_or_404(indicator.publications.all(), public_id=approval_id)
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_publication(
                approval=approval, by=actor, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "The indicator's approvals were withdrawn: none of its figures is published now. "
                    "Approve again the months that stand."
                ),
            )
    else:
        messages.error(request, _("Say why the figures are withdrawn: the reason is recorded."))
    return redirect("indicators:detail", mesa_slug=indicator.mesa.slug, public_id=indicator.public_id)


@mesa_view
@require_POST
def install_standard(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "manage")
    created = services.install_standard_indicators(mesa=mesa, by=actor, request=request)
    count = len(created)
    messages.success(
        request,
        ngettext("%(count)s standard indicator added.", "%(count)s standard indicators added.", count)
        % {"count": count},
    )
    return redirect("indicators:board", mesa_slug=mesa.slug)


@mesa_view
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "manage")
    current = settings_for(mesa)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_settings(mesa=mesa, by=actor, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("indicators:board", mesa_slug=mesa.slug)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(request, "indicators/settings.html", {"mesa": mesa, "form": form})


@mesa_view
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    """The incidents on the territory's outline, and a choropleth of one indicator's latest rate."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "view")
    codes = territory_codes(mesa)
    outlines = boundaries.outlines(codes)
    names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    indicators = list(indicator_policy.visible(actor, Indicator.objects.all()))
    chosen = next((i for i in indicators if str(i.public_id) == request.GET.get("indicator")), None)
    chosen = chosen or (indicators[0] if indicators else None)
    incidents = list(Incident.objects.filter(mesa=mesa).order_by("-occurred_on")[:2000])
    incident_src = _data_uri(
        charts.IncidentMap(
            title=_("Georeferenced incidents"),
            points=[(float(i.latitude), float(i.longitude), i.category) for i in incidents],
            outlines=outlines,
        )
    )
    choropleth_src, month = "", None
    if chosen is not None and codes:
        values: dict[str, Any] = {}
        months = []
        for code in codes:
            latest = indicator_figures(chosen, codes=[code]).latest
            values[code] = latest.rate if latest else None
            if latest:
                months.append(latest.month)
        month = max(months, default=None)
        choropleth_src = _data_uri(
            charts.Choropleth(
                title=chosen.name,
                values=values,
                outlines=outlines,
                names=names,
                unit=_("rate per 100,000 inhabitants"),
                annualisation=_("Annualisation: %(how)s")
                % {"how": Annualisation(settings_for(mesa).annualisation).label},
            )
        )
    return render(
        request,
        "indicators/map.html",
        {
            "mesa": mesa,
            "incident_src": incident_src,
            "incident_count": len(incidents),
            "choropleth_src": choropleth_src,
            "indicators": indicators,
            "chosen": chosen,
            "month": month,
        },
    )


@mesa_view
@require_GET
def impact(request: HttpRequest, public_id: Any) -> HttpResponse:
    indicator = _indicator(request, public_id)
    estimate, problem = None, ""
    try:
        estimate = impact_for(indicator)
    except NotEnoughData as exc:
        problem = str(exc)
    return render(
        request,
        "indicators/impact.html",
        {
            "mesa": indicator.mesa,
            "indicator": indicator,
            "estimate": estimate,
            "summary": plain_summary(estimate) if estimate else "",
            "problem": problem,
            "caveat": caveat(),
        },
    )


@mesa_view
@require_GET
def report(request: HttpRequest, kind: str) -> HttpResponse:
    """The monthly indicators report for the plenary, or its press version (approved figures only)."""
    from msj.indicators import reports

    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "view")
    try:
        month = parse_month(request.GET.get("month", ""))
    except ValidationError:
        month = _latest_month(actor)
    build = {"plenary": reports.plenary_report, "press": reports.press_report}.get(kind)
    if build is None:
        raise Http404
    pdf = build(mesa=mesa, month=month)
    record_export(actor=actor, mesa=mesa, what=f"indicators report {kind} {month[0]}-{month[1]:02d}", request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indicadores-{kind}-{month[0]}-{month[1]:02d}.pdf"'
    return response


def _latest_month(actor: Any) -> tuple[int, int]:
    """The latest month any of the Mesa's indicators has a figure for, or last month."""
    mesa = actor.mesa
    codes = territory_codes(mesa)
    months = [
        latest.month
        for indicator in indicator_policy.visible(actor, Indicator.objects.all())
        if (latest := indicator_figures(indicator, codes=codes).latest) is not None
    ]
    if months:
        return max(months)
    today = mesa.today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


# --- imports ---------------------------------------------------------------------------------------


@mesa_view
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    """Bring in a file: it is checked whole before anything is written; the page then follows it."""
    from msj.indicators.imports import start_import

    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            uploaded = data["file"]
            path = getattr(uploaded, "temporary_file_path", None)
            try:
                batch = start_import(
                    kind=data["kind"],
                    file_name=uploaded.name,
                    data=Path(path()) if path else uploaded.read(),
                    mesa=mesa,
                    user=actor.user,
                    source=data.get("source") or Source.OTHER,
                    source_name=data.get("source_name", ""),
                )
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The file is being checked; this page shows how far it got."))
                return redirect("indicators:import_detail", mesa_slug=mesa.slug, public_id=batch.public_id)
        messages.error(request, _("Nothing was imported. Correct the fields marked below."))
    batches = ImportBatch.objects.seen_from(mesa).select_related("created_by")[:50]
    return render(request, "indicators/imports.html", {"mesa": mesa, "form": form, "batches": batches})


def _batch(request: HttpRequest, public_id: Any) -> ImportBatch:
    """An import of this Mesa, or a national one (public data); never another Mesa's."""
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(request.actor, "manage")  # type: ignore[attr-defined]
    batch = ImportBatch.objects.seen_from(mesa).filter(public_id=public_id).first()
    if batch is None:
        raise Http404
    return batch


@mesa_view
@require_GET
def import_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    batch = _batch(request, public_id)
    context = {"mesa": request.mesa, "batch": batch}  # type: ignore[attr-defined]
    if getattr(request, "htmx", False):
        return render(request, "indicators/_import_status.html", context)
    return render(request, "indicators/import_detail.html", context)


@mesa_view
@require_GET
def counts_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The blank monthly-counts template, with the Mesa's indicators' short names."""
    from msj.indicators.imports import counts_template as build

    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(request.actor, "manage")  # type: ignore[attr-defined]
    if fmt not in ("csv", "xlsx"):
        raise Http404
    body = build(mesa=mesa, xlsx=fmt == "xlsx")
    kind = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="plantilla-conteos.{fmt}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@mesa_view
@require_http_methods(["GET", "POST"])
def indicator_form(request: HttpRequest, public_id: Any = None) -> HttpResponse:
    """Create an indicator, or adapt one (the standard set included): name, unit, categories."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    indicator_policy.require(actor, "manage")
    indicator = _indicator(request, public_id) if public_id is not None else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_indicator(
                    mesa=mesa, by=actor, indicator=indicator, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The indicator is saved."))
                return redirect("indicators:detail", mesa_slug=mesa.slug, public_id=saved.public_id)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(request, "indicators/indicator_form.html", {"mesa": mesa, "form": form, "indicator": indicator})


@mesa_view
@require_GET
def revisions(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Every figure of the indicator that a later release revised, each version kept."""
    indicator = _indicator(request, public_id)
    history = revision_history(indicator, territory_codes(indicator.mesa))
    return render(
        request, "indicators/revisions.html", {"mesa": indicator.mesa, "indicator": indicator, "history": history}
    )
