"""The bridge from an indicator's figures to its chart definitions (charts.py draws them).

The page, the slides (PNG/SVG), the PDF reports and the API all build their charts here, so the
same figure looks the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from msj.indicators import charts
from msj.indicators.figures import Figures, general_target_rule, semaforo_rule
from msj.indicators.rates import Annualisation, Month, period_rate


def _day(month: Month) -> dt.date:
    return dt.date(month[0], month[1], 1)


def series_chart(figures: Figures, *, through: Month | None = None, last: int | None = None) -> charts.SeriesChart:
    """Every source's rate in the Mesa's annualisation, the targets and the primary series' lights.

    `through` cuts the series at a month (the press version stops at the approved one); `last`
    keeps only that many months at the end.
    """
    rows = [row for row in figures.rows if through is None or row.month <= through]
    if last is not None:
        rows = rows[-last:]
    months = [row.month for row in rows]
    population = {row.month: row.population for row in rows if row.population is not None}
    lines = []
    for line in figures.lines:
        counts = {m: c for m, c in line.counts.items()}
        lines.append(
            charts.Line(
                line.label,
                [(_day(m), period_rate(dict(counts), population, m[0], m[1], figures.annualisation)) for m in months],
            )
        )
    targets = [
        charts.TargetStep(t.starts_on, t.value, _("Target %(value)s") % {"value": charts.format_decimal(t.value)})
        for t in figures.targets
        if not months or t.starts_on <= _day(months[-1])
    ]
    return charts.SeriesChart(
        title=figures.indicator.name,
        unit=_("rate per 100,000 inhabitants"),
        annualisation=_("Annualisation: %(how)s") % {"how": Annualisation(figures.annualisation).label},
        lines=lines,
        targets=targets,
        lights=[(_day(row.month), row.light) for row in rows],
        light_rule=light_rules(figures, rows),
        source_note=source_note(figures),
    )


def light_rules(figures: Figures, rows: list[Any]) -> str:
    """The rules of the lights shown, once each: the one target's own rule, or the general one."""
    rules = list(dict.fromkeys(row.light_rule for row in rows if row.target is not None))
    if len(rules) > 1:
        rules = [general_target_rule(figures.tolerance_pct)]
    if any(row.target is None for row in rows):
        rules.append(semaforo_rule())
    return " ".join(rules)


def source_note(figures: Figures) -> str:
    return _("Sources: %(sources)s. Population: %(vintage)s, interpolated monthly.") % {
        "sources": "; ".join(line.label for line in figures.lines) or _("none yet"),
        "vintage": figures.vintage,
    }
