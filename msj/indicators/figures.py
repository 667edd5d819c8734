"""An indicator's figures for its Mesa's territory: each source's monthly series side by side,
the rate of the primary series in the Mesa's annualisation, targets, lights and CompStat changes.

Every number here is computed from stored counts on each read (nothing cached to go stale) and
missing stays missing: a month a source did not cover has no count, no rate and no light.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from msj.indicators import store
from msj.indicators.lights import SEMAFORO_MONTHS, Light, light_against_target, semaforo_delictivo
from msj.indicators.models import (
    ImportBatch,
    Indicator,
    IndicatorSettings,
    Methodology,
    Observation,
    Population,
    Source,
    Target,
)
from msj.indicators.rates import Annualisation, Month, change_is_significant, monthly_population, period_rate
from msj.mesas.models import Mesa


def settings_for(mesa: Mesa) -> IndicatorSettings:
    """The Mesa's indicator settings, or the defaults (unsaved: reading never writes)."""
    found = IndicatorSettings.objects.filter(mesa=mesa).first()
    return found if found is not None else IndicatorSettings(mesa=mesa)


def territory_codes(mesa: Mesa) -> list[str]:
    return list(mesa.territory.values_list("inegi_code", flat=True))


@dataclass(frozen=True)
class Line:
    """One source's monthly counts for the territory; a month absent from `counts` is missing."""

    key: str
    label: str
    counts: dict[Month, int]


def sesnsp_counts(indicator: Indicator, methodology: str, codes: list[str]) -> dict[Month, int]:
    """The SESNSP count of the indicator's categories of one methodology over the territory.

    A month is known only when every municipality of the territory reported it (a NULL month or
    a municipality without rows that year leaves it missing, never zero).
    """
    categories = indicator.categories.filter(methodology=methodology).values_list("pk", flat=True)
    rows = store.current_sums(unit=indicator.unit, categories=categories, codes=codes)
    # A month's sum is NULL only when every row of that place and year has it NULL.
    per_month: dict[Month, dict[str, int]] = defaultdict(dict)
    for code, year, months in rows:
        for month, total in enumerate(months, start=1):
            if total is not None:
                per_month[(year, month)][code] = total
    wanted = set(codes)
    return {m: sum(by_place.values()) for m, by_place in sorted(per_month.items()) if set(by_place) == wanted}


def observation_lines(indicator: Indicator) -> list[Line]:
    """Each non-SESNSP source's latest revision of every month it reported."""
    latest: dict[tuple[str, str], dict[Month, tuple[int, int]]] = defaultdict(dict)
    for obs in Observation.objects.filter(indicator=indicator).only(
        "source", "source_name", "year", "month", "count", "revision"
    ):
        series = latest[(obs.source, obs.source_name)]
        month = (obs.year, obs.month)
        if month not in series or series[month][0] < obs.revision:
            series[month] = (obs.revision, obs.count)
    lines = []
    for (source, name), series in sorted(latest.items()):
        label = str(Source(source).label) + (f" · {name}" if name else "")
        lines.append(Line(f"{source}:{name}", label, {m: count for m, (_rev, count) in sorted(series.items())}))
    return lines


def lines_for(indicator: Indicator, codes: list[str]) -> list[Line]:
    lines = []
    for methodology in (Methodology.NEW, Methodology.CIEISP):
        counts = sesnsp_counts(indicator, methodology, codes)
        if counts:
            lines.append(Line(f"sesnsp:{methodology}", str(Methodology(methodology).label), counts))
    return lines + observation_lines(indicator)


def territory_population(codes: list[str], vintage: str, months: list[Month]) -> dict[Month, int]:
    """The territory's monthly population: the sum of its municipalities' interpolated figures.

    A month needs every municipality's mid-year figures around it, from the one vintage.
    """
    if not months or not codes:
        return {}
    years = {y for y, _m in months}
    midyear: dict[str, dict[int, int]] = defaultdict(dict)
    for code, year, people in Population.objects.filter(
        municipality_id__in=codes, vintage=vintage, year__gte=min(years) - 1, year__lte=max(years) + 1
    ).values_list("municipality_id", "year", "population"):
        midyear[code][year] = people
    result = {}
    for year, month in months:
        try:
            result[(year, month)] = sum(monthly_population(midyear[code], year, month) for code in codes)
        except KeyError:
            continue
    return result


@dataclass(frozen=True)
class Change:
    """A CompStat comparison of a period with the same period a year earlier."""

    label: str
    current: int
    earlier: int
    significant: bool

    @property
    def pct(self) -> Decimal | None:
        if self.earlier == 0:
            return None
        return (Decimal(100 * (self.current - self.earlier)) / self.earlier).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def compstat(counts: dict[Month, int], year: int, month: int) -> list[Change]:
    """Month, quarter and year to date against the same period a year earlier (complete periods only)."""
    periods = [
        (_("Month"), [(year, month)]),
        (_("Quarter (3 months)"), _last(year, month, 3)),
        (_("Year to date"), [(year, m) for m in range(1, month + 1)]),
    ]
    changes = []
    for label, months in periods:
        earlier = [(y - 1, m) for y, m in months]
        if all(m in counts for m in months + earlier):
            now, before = sum(counts[m] for m in months), sum(counts[m] for m in earlier)
            changes.append(Change(label, now, before, change_is_significant(now, before)))
    return changes


def _last(year: int, month: int, count: int) -> list[Month]:
    index = year * 12 + month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


@dataclass
class MonthRow:
    month: Month
    counts: dict[str, int | None]
    primary_count: int | None
    population: int | None
    rate: Decimal | None
    target: Target | None
    target_rate: Decimal | None
    light: str | None
    light_rule: str
    sources_differ: bool

    @property
    def date(self) -> dt.date:
        return dt.date(self.month[0], self.month[1], 1)


@dataclass
class Figures:
    indicator: Indicator
    annualisation: str
    vintage: str
    tolerance_pct: int
    lines: list[Line]
    primary: Line | None
    rows: list[MonthRow]
    targets: list[Target]
    changes: list[Change] = field(default_factory=list)

    @property
    def annualisation_label(self) -> str:
        return str(Annualisation(self.annualisation).label)

    @property
    def latest(self) -> MonthRow | None:
        known = [row for row in self.rows if row.primary_count is not None]
        return known[-1] if known else None

    @property
    def primary_key(self) -> str:
        return self.primary.key if self.primary else ""


def target_rule(target: Target, tolerance_pct: int) -> str:
    rule = _(
        "Against the target of %(value)s per 100,000 (%(how)s): green at or below it, amber up to "
        "%(tolerance)s%% above it, red beyond."
    ) % {"value": target.value, "how": Annualisation(target.annualisation).label, "tolerance": tolerance_pct}
    if target.annualisation == Annualisation.CALENDAR_YEAR:
        rule += " " + _("Before December, the year to date is annualised and compared.")
    return rule


def general_target_rule(tolerance_pct: int) -> str:
    """The rule of lights over months under different targets (a chart spanning a revision)."""
    return _(
        "Against the target in force each month (its annualisation; a calendar-year target is followed by "
        "the year to date before December): green at or below it, amber up to %(tolerance)s%% above it, red beyond."
    ) % {"tolerance": tolerance_pct}


def semaforo_rule() -> str:
    return _(
        "No target: Semáforo Delictivo — the month's count against the mean μ of the previous 36 months: "
        "green at or below 0.75 μ, red at or above μ, amber between."
    )


def tracking_annualisation(target_how: str, month: int) -> str:
    """How a month is measured against a target: in the target's own annualisation, except that a
    calendar-year target is followed before December by the year-to-date rate, annualised."""
    if target_how == Annualisation.CALENDAR_YEAR and month != 12:
        return Annualisation.YEAR_TO_DATE
    return target_how


def target_in_force(targets: list[Target], month: Month) -> Target | None:
    """The target in force on the first day of the month (targets ordered by start)."""
    first_day = dt.date(month[0], month[1], 1)
    current = None
    for target in targets:
        if target.starts_on <= first_day:
            current = target
    return current


def indicator_figures(indicator: Indicator, *, annualisation: str | None = None, codes: Any = None) -> Figures:
    """Everything the indicator's page, charts, reports and API show, computed in a few queries."""
    mesa = indicator.mesa
    settings = settings_for(mesa)
    how = annualisation or settings.annualisation
    codes = territory_codes(mesa) if codes is None else codes
    lines = lines_for(indicator, codes)
    # The primary series is the SESNSP series that reaches the latest month; other sources are compared with it.
    sesnsp = [line for line in lines if line.key.startswith("sesnsp:")]
    primary = max(sesnsp, key=lambda line: max(line.counts)) if sesnsp else (lines[0] if lines else None)
    months = sorted({m for line in lines for m in line.counts})
    if months:
        first, last = months[0], months[-1]
        months = _last(last[0], last[1], (last[0] - first[0]) * 12 + last[1] - first[1] + 1)
    population = territory_population(codes, settings.vintage, months)
    targets = list(indicator.targets.order_by("starts_on"))
    counts = primary.counts if primary else {}
    rows = []
    for index, month in enumerate(months):
        row_counts: dict[str, int | None] = {line.key: line.counts.get(month) for line in lines}
        known = {value for value in row_counts.values() if value is not None}
        target = target_in_force(targets, month)
        rate = period_rate(dict(counts), population, month[0], month[1], how) if primary else None
        light, rule, target_rate = None, semaforo_rule(), None
        if target is not None:
            tracking = tracking_annualisation(target.annualisation, month[1])
            target_rate = period_rate(dict(counts), population, month[0], month[1], tracking)
            rule = target_rule(target, settings.tolerance_pct)
            if target_rate is not None:
                light = light_against_target(target_rate, target.value, settings.tolerance_pct)
        elif month in counts:
            previous = [counts.get(m) for m in _last(*months[index], SEMAFORO_MONTHS + 1)[:-1]]
            light = semaforo_delictivo(counts[month], previous)
        rows.append(
            MonthRow(
                month=month,
                counts=row_counts,
                primary_count=counts.get(month),
                population=population.get(month),
                rate=rate,
                target=target,
                target_rate=target_rate,
                light=light,
                light_rule=rule,
                sources_differ=len(known) > 1,
            )
        )
    figures = Figures(indicator, how, settings.vintage, settings.tolerance_pct, lines, primary, rows, targets)
    if counts:
        figures.changes = compstat(dict(counts), *max(counts))
    return figures


def figures_table(figures: Figures) -> list[list[Any]]:
    """The months as rows for a spreadsheet or the command line: every source, population, rate
    (its annualisation in the header), the target in force, the light and whether sources differ."""
    header: list[Any] = [_("Month")] + [line.label for line in figures.lines]
    header += [_("Population"), _("Rate per 100,000 (%(how)s)") % {"how": figures.annualisation_label}]
    header += [_("Target in force"), _("Light"), _("Sources differ")]
    table = [header]
    for row in figures.rows:
        table.append(
            [f"{row.month[0]}-{row.month[1]:02d}"]
            + [row.counts.get(line.key) for line in figures.lines]
            + [
                row.population,
                row.rate,
                row.target.value if row.target else None,
                str(Light(row.light).label) if row.light else "",
                _("yes") if row.sources_differ else "",
            ]
        )
    return table


@dataclass(frozen=True)
class Revision:
    """One figure as a release gave it: later releases of the same month are later revisions."""

    source: str
    what: str  # the month, or the year and category of a SESNSP row
    revision: int
    values: str
    file_name: str
    imported_at: dt.datetime | None
    current: bool


def revision_history(indicator: Indicator, codes: list[str]) -> list[Revision]:
    """Every figure of the indicator that a later release revised, with each of its versions."""
    history: list[Revision] = []
    revised = (
        Observation.objects.filter(indicator=indicator, revision__gt=1)
        .values_list("source", "source_name", "year", "month")
        .distinct()
    )
    keys = set(revised)
    if keys:
        rows = (
            Observation.objects.filter(indicator=indicator)
            .select_related("batch")
            .order_by("source", "source_name", "year", "month", "revision")
        )
        latest: dict[tuple[str, str, int, int], int] = {}
        chosen = [obs for obs in rows if (obs.source, obs.source_name, obs.year, obs.month) in keys]
        for obs in chosen:
            key = (obs.source, obs.source_name, obs.year, obs.month)
            latest[key] = max(latest.get(key, 0), obs.revision)
        for obs in chosen:
            key = (obs.source, obs.source_name, obs.year, obs.month)
            history.append(
                Revision(
                    source=str(Source(obs.source).label) + (f" · {obs.source_name}" if obs.source_name else ""),
                    what=f"{obs.year}-{obs.month:02d}",
                    revision=obs.revision,
                    values=str(obs.count),
                    file_name=obs.batch.file_name if obs.batch else "",
                    imported_at=obs.recorded_at,
                    current=obs.revision == latest[key],
                )
            )
    categories = {category.pk: category for category in indicator.categories.all()}
    versions = store.row_versions(unit=indicator.unit, categories=categories, codes=codes, revised_only=True)
    if versions:
        batches = ImportBatch.objects.in_bulk({row[0] for row in versions})
        for batch_id, code, category_id, year, revision, current, months in versions:
            batch = batches[batch_id]
            category = categories[category_id]
            history.append(
                Revision(
                    source=str(Methodology(category.methodology).label),
                    what=f"{year} · {code} · {category}",
                    revision=revision,
                    values=" ".join("—" if v is None else str(v) for v in months),
                    file_name=batch.file_name,
                    imported_at=batch.finished_at or batch.created_at,
                    current=current,
                )
            )
    return history
