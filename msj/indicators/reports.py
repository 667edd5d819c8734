"""The monthly indicators report for the plenary and its press version, as PDF (issue 5 §7).

Both are built from the same figures as the indicator pages (figures.py) and the same charts
(chartdata.py), rendered by WeasyPrint from templates/indicators/report/ with nothing fetched:
the only URLs in the HTML are the charts' own `data:` URIs.

Nothing after the reported month is shown: not a count, not a chart point, not a target. The
press version shows only what the Executive Committee approved for publication: the primary
SESNSP series of each approved indicator, up to its approved month, with no internal notes.
"""

from __future__ import annotations

import base64
import calendar
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from msj.indicators import charts
from msj.indicators.chartdata import series_chart, source_note
from msj.indicators.figures import (
    Figures,
    compstat,
    indicator_figures,
    semaforo_rule,
    target_in_force,
    target_rule,
)
from msj.indicators.lights import Light
from msj.indicators.models import Indicator, Target
from msj.indicators.rates import Annualisation, Month
from msj.indicators.services import published_through
from msj.mesas.models import Mesa

NO_FIGURE = "—"
CHART_MONTHS = 36


@dataclass(frozen=True)
class SourceCount:
    """One source's count of the month, formatted; NO_FIGURE when it did not report it."""

    label: str
    count: str


@dataclass(frozen=True)
class ChangeLine:
    label: str
    current: str
    earlier: str
    pct: str
    significant: bool


@dataclass(frozen=True)
class TargetLine:
    """A target as the report shows it; the press version leaves agreement, meeting and note empty."""

    value: str
    annualisation: str
    starts_on: dt.date
    in_force: bool
    agreement: str
    meeting: str
    note: str


@dataclass(frozen=True)
class Section:
    """One indicator's figures for the reported month, ready for the template."""

    name: str
    unit: str
    month: str
    counts: list[SourceCount]
    sources_differ: bool
    rate: str
    rate_source: str
    annualisation: str
    light: str | None
    light_label: str
    light_colour: str
    light_ink: str
    light_rule: str
    target: TargetLine | None
    targets: list[TargetLine]
    changes: list[ChangeLine]
    chart: str
    source_note: str


def month_label(month: Month) -> str:
    """The month and year in the active language ("octubre de 2015", "October 2015")."""
    text = formats.date_format(dt.date(month[0], month[1], 1), "YEAR_MONTH_FORMAT")
    # Spanish writes month names in lower case; Django's es-MX formats capitalise them.
    if (translation.get_language() or "").startswith("es"):
        text = text[:1].lower() + text[1:]
    return text


def _number(value: int | Decimal | None) -> str:
    """Mexican style (',' for thousands, '.' for decimals); rates to two decimals."""
    return NO_FIGURE if value is None else charts.format_decimal(Decimal(value))


def _pct(value: Decimal | None) -> str:
    return NO_FIGURE if value is None else f"{value:+,.1f} %"


def _last_day(month: Month) -> dt.date:
    return dt.date(month[0], month[1], calendar.monthrange(*month)[1])


def _target_line(target: Target, *, in_force: bool, internal: bool, mesa: Mesa) -> TargetLine:
    agreement = meeting = note = ""
    if internal:
        if target.agreement is not None:
            # Its number only: the agreement's text may be for a narrower audience than the plenary.
            agreement = target.agreement.code
        if target.meeting is not None:
            day = timezone.localtime(target.meeting.starts_at, mesa.tzinfo)
            meeting = f"{target.meeting.title} ({formats.date_format(day, 'DATE_FORMAT')})"
        note = target.note
    return TargetLine(
        value=_number(target.value),
        annualisation=str(Annualisation(target.annualisation).label),
        starts_on=target.starts_on,
        in_force=in_force,
        agreement=agreement,
        meeting=meeting,
        note=note,
    )


def section(figures: Figures, month: Month, *, internal: bool) -> Section:
    """The indicator's figures for `month`, from `figures.lines` (the caller chooses which sources).

    `internal` shows the targets' agreements, meetings and notes (the plenary version).
    """
    mesa = figures.indicator.mesa
    row = next((r for r in figures.rows if r.month == month), None)
    lines = [line for line in figures.lines if any(m <= month for m in line.counts)]
    counts = [SourceCount(line.label, _number(line.counts.get(month))) for line in lines]
    known = {line.counts[month] for line in lines if month in line.counts}

    target = target_in_force(figures.targets, month)
    if row is not None:
        rule = row.light_rule
    else:
        rule = target_rule(target, figures.tolerance_pct) if target is not None else semaforo_rule()
    # The rate, the light and the changes are the primary series'; without it shown, none is.
    primary = figures.primary if any(line is figures.primary for line in lines) else None
    light = row.light if row is not None and primary is not None else None

    shown_targets = [t for t in figures.targets if t.starts_on <= _last_day(month)]
    if internal:
        prefetch_related_objects(shown_targets, "agreement", "meeting")
    targets = [_target_line(t, in_force=t == target, internal=internal, mesa=mesa) for t in reversed(shown_targets)]

    changes = []
    if primary is not None:
        changes = [
            ChangeLine(c.label, _number(c.current), _number(c.earlier), _pct(c.pct), c.significant)
            for c in compstat(dict(primary.counts), *month)
        ]

    chart = ""
    shown = replace(figures, lines=lines)
    if lines and any(r.month <= month for r in figures.rows):
        svg = charts.render(series_chart(shown, through=month, last=CHART_MONTHS), "svg")
        chart = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")

    return Section(
        name=figures.indicator.name,
        unit=figures.indicator.get_unit_display(),
        month=month_label(month),
        counts=counts,
        sources_differ=len(known) > 1,
        rate=_number(row.rate if row is not None and primary is not None else None),
        rate_source=primary.label if primary is not None else "",
        annualisation=figures.annualisation_label,
        light=light,
        light_label=str(Light(light).label) if light else _("No light: a month it needs is missing."),
        light_colour=charts.LIGHT_COLOURS[Light(light)] if light else charts.NO_LIGHT,
        light_ink=charts.LIGHT_INK[Light(light)] if light else charts.INK,
        light_rule=rule,
        target=next((t for t in targets if t.in_force), None),
        targets=targets,
        changes=changes,
        chart=chart,
        source_note=source_note(shown),
    )


def _check(month: Month) -> None:
    if not 1 <= month[1] <= 12:
        raise ValueError(f"Not a month: {month!r}.")


def _cover(mesa: Mesa, month: Month) -> dict[str, object]:
    now = timezone.localtime(timezone.now(), mesa.tzinfo)
    return {
        "mesa": mesa,
        "territory": list(mesa.territory.all()),
        "month": month_label(month),
        "generated": _("Generated on %(date)s at %(time)s (%(zone)s time).")
        % {
            "date": formats.date_format(now, "DATE_FORMAT"),
            "time": formats.time_format(now, "TIME_FORMAT"),
            "zone": mesa.time_zone,
        },
    }


def _pdf(template: str, context: dict[str, object]) -> bytes:
    """Render the template as PDF. Nothing is fetched: `data:` URIs (the charts) are the only URLs allowed."""
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns the bytes
    return pdf


def plenary_report(*, mesa: Mesa, month: Month, language: str | None = None) -> bytes:
    """The monthly indicators report for the plenary: every indicator of the Mesa, every source."""
    _check(month)
    with translation.override(language or settings.LANGUAGE_CODE):
        sections = [
            section(indicator_figures(indicator), month, internal=True)
            for indicator in Indicator.objects.filter(mesa=mesa).select_related("mesa")
        ]
        return _pdf("indicators/report/plenary.html", {**_cover(mesa, month), "sections": sections})


def press_report(*, mesa: Mesa, month: Month, language: str | None = None) -> bytes:
    """The press version: each approved indicator's SESNSP series up to its approved month.

    An indicator the Executive Committee never approved is left out; if none is approved, the
    PDF is one page saying so.
    """
    _check(month)
    with translation.override(language or settings.LANGUAGE_CODE):
        sections = []
        for indicator in Indicator.objects.filter(mesa=mesa).select_related("mesa"):
            approved = published_through(indicator)
            if approved is None:
                continue
            figures = indicator_figures(indicator)
            primary = figures.primary
            sesnsp = [primary] if primary is not None and primary.key.startswith("sesnsp:") else []
            sections.append(section(replace(figures, lines=sesnsp), min(approved, month), internal=False))
        return _pdf("indicators/report/press.html", {**_cover(mesa, month), "sections": sections})
