"""Charts of the indicators (issue 5 §7): one definition per figure for the page, slides and reports.

Pure drawing from plain data classes — no models, no database — so the views, the PDF report
and the API all call the same code and show the same figure. Only matplotlib's object-oriented
API is used: every figure is its own `Figure` on an Agg canvas, never pyplot's global state.
matplotlib is not thread-safe and its rcParams are process-wide, so drawing and rendering hold
one lock; `render` sets the SVG options that make its output byte-for-byte reproducible.

What the issue makes visible on every figure: a rate names its annualisation; a traffic light
states its rule; a missing month is a gap (or "no data"), never a zero; colour is never the only
cue (markers, letters, hatching and legends carry the same information).

Callers pass titles and labels already translated; the few words drawn here go through gettext.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from matplotlib import colormaps, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator
from matplotlib.typing import RcKeyType

from msj.indicators.lights import Light

# 16:9 for slides: 1600 × 900 pixels at 150 dpi.
DPI = 150
FIGSIZE = (1600 / DPI, 900 / DPI)
FORMATS = ("svg", "png")

# Okabe–Ito, distinguishable with the common colour-vision deficiencies; yellow last (weak on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LIGHT_COLOURS = {Light.GREEN: "#1a9850", Light.AMBER: "#fdae61", Light.RED: "#d73027"}
LIGHT_INK = {Light.GREEN: "#ffffff", Light.AMBER: "#000000", Light.RED: "#ffffff"}
NO_LIGHT = "#ffffff"
NO_DATA = "#d9d9d9"
HATCH_INK = "#969696"
TARGET_INK = "#333333"
INK = "#222222"
MUTED = "#595959"
GRID = "#e0e0e0"
COLOUR_MAP = "YlOrRd"

TITLE_SIZE = 18
SUBTITLE_SIZE = 12
BODY_SIZE = 11
SMALL_SIZE = 9.5

# Month ticks every 1, 2, … months, the smallest step giving at most 12 ticks.
TICK_STEPS = (1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240)
MAX_TICKS = 12
ALL_MARKERS_UP_TO = 36  # months: beyond this a line marks only its isolated points
LETTERS_UP_TO = 36  # months: beyond this the light cells are too narrow for their letter
NAMES_UP_TO = 15  # municipalities: beyond this the choropleth shows no names

# Read when the SVG is written: a fixed salt makes the clip-path ids, and so the bytes, stable.
RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "svg.hashsalt": "msj-indicators"}
METADATA: dict[str, dict[str, str | None]] = {"svg": {"Date": None}, "png": {}}

_lock = threading.RLock()

Ring = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Line:
    """One source's monthly series: the first day of each month and its value, None when missing."""

    label: str
    points: Sequence[tuple[date, Decimal | None]]

    def __post_init__(self) -> None:
        _check_months([month for month, _value in self.points], f"line {self.label!r}")


@dataclass(frozen=True)
class TargetStep:
    """A target in force from `starts` until the next step (or the end of the axis)."""

    starts: date
    value: Decimal
    label: str


@dataclass(frozen=True)
class SeriesChart:
    """Monthly series of one indicator: sources side by side, targets and the traffic-light history."""

    title: str
    unit: str
    annualisation: str
    lines: Sequence[Line]
    targets: Sequence[TargetStep] = ()
    lights: Sequence[tuple[date, str | None]] = ()
    light_rule: str = ""
    source_note: str = ""

    def __post_init__(self) -> None:
        if not self.annualisation.strip():
            raise ValueError("Every series chart names its annualisation.")
        if self.lights and not self.light_rule.strip():
            raise ValueError("A chart that shows traffic lights states their rule.")
        _check_months([month for month, _light in self.lights], "lights")
        unknown = {light for _month, light in self.lights if light is not None and light not in LIGHT_COLOURS}
        if unknown:
            raise ValueError(f"Unknown traffic lights: {sorted(unknown)}.")


@dataclass(frozen=True)
class IncidentMap:
    """Georeferenced incidents, coloured by category, over optional municipality outlines."""

    title: str
    points: Sequence[tuple[float, float, str]]  # (latitude, longitude, category)
    outlines: Mapping[str, Sequence[Ring]] = field(default_factory=dict)  # code → rings of (lon, lat)
    source_note: str = ""


@dataclass(frozen=True)
class Choropleth:
    """A rate per municipality; None is "no data", hatched grey, never coloured as zero."""

    title: str
    values: Mapping[str, Decimal | None]
    outlines: Mapping[str, Sequence[Ring]]  # code → rings of (lon, lat)
    names: Mapping[str, str]
    unit: str
    annualisation: str
    source_note: str = ""

    def __post_init__(self) -> None:
        if not self.annualisation.strip():
            raise ValueError("Every choropleth names its annualisation.")


Chart = SeriesChart | IncidentMap | Choropleth


def draw(chart: Chart) -> Figure:
    """Draw the chart on a new figure of its own (16:9, Agg canvas)."""
    with _lock:
        figure = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        if isinstance(chart, SeriesChart):
            _draw_series(figure, chart)
        elif isinstance(chart, IncidentMap):
            _draw_incidents(figure, chart)
        elif isinstance(chart, Choropleth):
            _draw_choropleth(figure, chart)
        else:
            raise TypeError(f"Not a chart: {type(chart).__name__}.")
        return figure


def render(chart: Chart, fmt: str) -> bytes:
    """The chart as SVG or PNG bytes (150 dpi, 1600 × 900); the same chart always gives the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"Charts render as {' or '.join(FORMATS)}, not {fmt!r}.")
    buffer = io.BytesIO()
    with _drawing():
        draw(chart).savefig(buffer, format=fmt, dpi=DPI, metadata=METADATA[fmt])
    return buffer.getvalue()


@contextmanager
def _drawing() -> Iterator[None]:
    with _lock, rc_context(RC):
        yield


# Numbers and months, independent of the system locale.


def format_number(value: float, decimals: int = 2) -> str:
    """Mexican style: ',' groups thousands and '.' marks decimals; trailing zeros dropped."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_decimal(value: Decimal) -> str:
    """A whole number as such, anything else to two decimals (half up), Mexican style."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,f}"


def _month(day: date) -> int:
    """The month's position on the x axis; each month is one unit wide."""
    return day.year * 12 + day.month - 1


def _month_label(month: int, with_year: bool) -> str:
    year, number = divmod(month, 12)
    name = str(MONTHS_3[number + 1])
    return f"{name}\n{year}" if with_year else name


def _check_months(months: Sequence[date], what: str) -> None:
    if any(month.day != 1 for month in months):
        raise ValueError(f"The months of {what} are given by their first day.")
    if len(set(months)) != len(months):
        raise ValueError(f"A month appears twice in {what}.")


# The series chart.


def _draw_series(figure: Figure, chart: SeriesChart) -> None:
    _heading(figure, chart.title, chart.annualisation)
    _footer(figure, chart.source_note)

    # The axis spans the data; a target set before it begins is drawn from its start, one set
    # after it ends stretches it.
    months = [_month(day) for line in chart.lines for day, _value in line.points]
    months += [_month(day) for day, _light in chart.lights]
    set_at = [_month(step.starts) for step in chart.targets]
    first = min(months or set_at or [0])
    last = max(months + set_at or [0])
    start, end = first, last + 1

    bottom = 0.36 if chart.lights else 0.17
    axes = figure.add_axes((0.085, bottom, 0.885, 0.78 - bottom), label="series")
    _plain(axes)
    axes.set_xlim(start, end)
    axes.set_ylabel(chart.unit, fontsize=BODY_SIZE, color=INK)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: format_number(value)))
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)

    handles: list[Line2D] = []
    values: list[float] = []
    for number, line in enumerate(chart.lines):
        handles.append(_draw_line(axes, line, number))
        values += [float(value) for _day, value in line.points if value is not None]
    spans = _target_spans(chart.targets, start, end)
    if spans:
        handles.append(_draw_targets(axes, spans))
        values += [float(step.value) for _begins, _ends, step in spans]

    top = max(values, default=0.0)
    axes.set_ylim(min([*values, 0.0]), top * 1.15 if top > 0 else 1)
    if not any(value is not None for line in chart.lines for _day, value in line.points):
        _centred_note(axes, _("No data for this period"))
    if handles:
        axes.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncols=min(len(handles), 4),
            frameon=False,
            fontsize=BODY_SIZE,
            borderaxespad=0,
        )

    ticked = axes
    if chart.lights:
        axes.tick_params(axis="x", labelbottom=False)
        ticked = figure.add_axes((0.085, 0.29, 0.885, 0.05), label="lights", sharex=axes)
        _draw_lights(figure, ticked, chart.lights, chart.light_rule, last - first + 1)
    _month_ticks(ticked, first, last)


def _draw_line(axes: Axes, line: Line, number: int) -> Line2D:
    """The line over every month from its first to its last; a missing or absent month is a gap."""
    by_month = {_month(day): value for day, value in line.points}
    months = range(min(by_month), max(by_month) + 1) if by_month else range(0)
    ys = [_plotted(by_month.get(month)) for month in months]
    xs = [month + 0.5 for month in months]
    # Long series mark only the points that have no neighbour, which a line alone would not show.
    isolated = [
        index
        for index, y in enumerate(ys)
        if not math.isnan(y)
        and (index == 0 or math.isnan(ys[index - 1]))
        and (index == len(ys) - 1 or math.isnan(ys[index + 1]))
    ]
    (drawn,) = axes.plot(
        xs,
        ys,
        label=line.label,
        color=PALETTE[number % len(PALETTE)],
        marker=MARKERS[number % len(MARKERS)],
        markersize=5,
        markevery=None if len(ys) <= ALL_MARKERS_UP_TO else isolated,
        linewidth=2,
        gid=f"line-{number}",
        zorder=3,
    )
    return drawn


def _plotted(value: Decimal | None) -> float:
    """NaN for a missing month: matplotlib breaks the line there instead of drawing a zero."""
    return math.nan if value is None else float(value)


def _target_spans(targets: Sequence[TargetStep], start: int, end: int) -> list[tuple[float, float, TargetStep]]:
    """Where each target is in force on the axis; one superseded before the axis begins is left out."""
    steps = sorted(targets, key=lambda step: step.starts)
    spans = []
    for index, step in enumerate(steps):
        begins = max(_position(step.starts), start)
        ends = _position(steps[index + 1].starts) if index + 1 < len(steps) else end
        if ends > begins:
            spans.append((begins, ends, step))
    return spans


def _draw_targets(axes: Axes, spans: Sequence[tuple[float, float, TargetStep]]) -> Line2D:
    """The targets as one dashed step line, each step labelled where it begins."""
    xs: list[float] = []
    ys: list[float] = []
    for begins, ends, step in spans:
        xs += [begins, ends]
        ys += [float(step.value), float(step.value)]
        axes.annotate(
            step.label,
            (begins, float(step.value)),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=SMALL_SIZE,
            color=TARGET_INK,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            zorder=4,
        )
    (drawn,) = axes.plot(
        xs, ys, label=_("Target"), color=TARGET_INK, linestyle="--", linewidth=1.6, gid="targets", zorder=2
    )
    return drawn


def _position(day: date) -> float:
    """A day's place on the month axis: a target agreed mid-month starts mid-cell."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    length = (following - date(day.year, day.month, 1)).days
    return _month(day) + (day.day - 1) / length


def _draw_lights(figure: Figure, axes: Axes, lights: Sequence[tuple[date, str | None]], rule: str, span: int) -> None:
    """One cell per month in the light's colour with its initial; a month without a light is hatched."""
    _plain(axes)
    axes.set_ylim(0, 1)
    axes.yaxis.set_major_locator(NullLocator())
    axes.spines["left"].set_visible(False)
    axes.set_ylabel(_("Light"), fontsize=SMALL_SIZE, color=INK, rotation=0, ha="right", va="center")
    initials = _light_initials()
    for day, value in lights:
        month = _month(day)
        light = Light(value) if value else None
        axes.add_patch(
            Rectangle(
                (month, 0),
                1,
                1,
                facecolor=LIGHT_COLOURS[light] if light else NO_LIGHT,
                edgecolor="white" if light else HATCH_INK,
                hatch=None if light else "////",
                linewidth=0.6 if span <= LETTERS_UP_TO else 0,
                gid=f"light-{day:%Y-%m}",
            )
        )
        if light and span <= LETTERS_UP_TO:
            ink = LIGHT_INK[light]
            axes.text(month + 0.5, 0.5, initials[light], ha="center", va="center", color=ink, fontsize=SMALL_SIZE)
    handles = [
        Patch(facecolor=LIGHT_COLOURS[light], edgecolor="none", label=f"{initials[light]} · {light.label}")
        for light in Light
    ]
    if any(light is None for _day, light in lights):
        handles.append(Patch(facecolor=NO_LIGHT, edgecolor=HATCH_INK, hatch="////", label=_("No light")))
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.085, 0.205),
        ncols=len(handles),
        frameon=False,
        fontsize=SMALL_SIZE,
        borderaxespad=0,
        handlelength=1.2,
    )
    figure.text(0.085, 0.135, rule, fontsize=SMALL_SIZE, color=INK, va="top", wrap=True)


def _light_initials() -> dict[Light, str]:
    return {
        Light.GREEN: pgettext("initial of the green traffic light", "G"),
        Light.AMBER: pgettext("initial of the amber traffic light", "A"),
        Light.RED: pgettext("initial of the red traffic light", "R"),
    }


def _month_ticks(axes: Axes, first: int, last: int) -> None:
    """Ticks at the middle of every n-th month (n from TICK_STEPS), the year under January and the first."""
    span = last - first + 1
    step = next((step for step in TICK_STEPS if span <= MAX_TICKS * step), TICK_STEPS[-1])
    ticks = [month for month in range(first, last + 1) if month % step == 0] or [first]
    axes.xaxis.set_major_locator(FixedLocator([month + 0.5 for month in ticks]))
    labels = {month + 0.5: _month_label(month, month % 12 == 0 or month == ticks[0]) for month in ticks}
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _position: labels.get(x, "")))
    axes.tick_params(axis="x", labelsize=SMALL_SIZE, labelcolor=INK)


# Maps.


def _draw_incidents(figure: Figure, chart: IncidentMap) -> None:
    count = len(chart.points)
    subtitle = ngettext("%(count)s incident", "%(count)s incidents", count) % {"count": format_number(count)}
    _heading(figure, chart.title, subtitle)
    _footer(figure, chart.source_note)
    axes = figure.add_axes((0.03, 0.09, 0.66, 0.76), label="map")
    for code in sorted(chart.outlines):
        axes.add_patch(_outline(chart.outlines[code], facecolor="#f2f2f2", gid=f"municipality-{code}"))

    by_category: dict[str, list[tuple[float, float]]] = {}
    for latitude, longitude, category in chart.points:
        by_category.setdefault(category, []).append((longitude, latitude))
    ordered = sorted(by_category.items(), key=lambda item: (-len(item[1]), item[0]))
    for number, (category, points) in enumerate(ordered):
        axes.scatter(
            [lon for lon, _lat in points],
            [lat for _lon, lat in points],
            s=28,
            color=PALETTE[number % len(PALETTE)],
            marker=MARKERS[number % len(MARKERS)],
            edgecolors="white",
            linewidths=0.5,
            label=f"{category} ({format_number(len(points))})",
            gid=f"category-{number}",
            zorder=3,
        )
    if ordered:
        axes.legend(
            loc="upper left",
            bbox_to_anchor=(1.03, 1),
            frameon=False,
            fontsize=BODY_SIZE,
            title=_("Category"),
            title_fontsize=BODY_SIZE,
            alignment="left",
        )
    coordinates = [(lon, lat) for lat, lon, _category in chart.points]
    coordinates += [point for rings in chart.outlines.values() for ring in rings for point in ring]
    _frame_map(axes, coordinates, _("No incidents to show"))


def _draw_choropleth(figure: Figure, chart: Choropleth) -> None:
    _heading(figure, chart.title, "")
    _footer(figure, chart.source_note)
    axes = figure.add_axes((0.03, 0.09, 0.64, 0.78), label="map")
    known = [value for value in chart.values.values() if value is not None]
    highest = float(max(known, default=Decimal(0)))
    norm = Normalize(vmin=0, vmax=highest if highest > 0 else 1)
    colour_map = colormaps[COLOUR_MAP]
    few = len(chart.outlines) <= NAMES_UP_TO
    missing_any = False
    for code in sorted(chart.outlines):
        value = chart.values.get(code)
        if value is None:
            missing_any = True
            patch = _outline(chart.outlines[code], facecolor=NO_DATA, hatch="///", gid=f"municipality-{code}")
        else:
            patch = _outline(chart.outlines[code], facecolor=colour_map(norm(float(value))), gid=f"municipality-{code}")
        axes.add_patch(patch)
        if few and chart.outlines[code]:
            x, y = _label_point(chart.outlines[code])
            shown = _("no data") if value is None else format_decimal(value)
            axes.text(
                x,
                y,
                f"{chart.names.get(code, code)}\n{shown}",
                ha="center",
                va="center",
                fontsize=SMALL_SIZE,
                color=INK,
                # A box, not a path-effect halo: halos turn the text into outlines in the SVG.
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                zorder=4,
            )

    bar_axes = figure.add_axes((0.72, 0.62, 0.25, 0.04), label="colourbar")
    bar = figure.colorbar(ScalarMappable(norm=norm, cmap=colour_map), cax=bar_axes, orientation="horizontal")
    bar.ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    bar.ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: format_number(value)))
    bar.ax.tick_params(labelsize=SMALL_SIZE)
    bar.set_label(f"{chart.unit}\n{textwrap.fill(chart.annualisation, 42)}", fontsize=SMALL_SIZE, color=INK)
    if missing_any:
        figure.legend(
            handles=[Patch(facecolor=NO_DATA, edgecolor=HATCH_INK, hatch="///", label=_("No data"))],
            loc="upper left",
            bbox_to_anchor=(0.72, 0.52),
            frameon=False,
            fontsize=SMALL_SIZE,
        )
    unmapped = sorted(code for code in chart.values if code not in chart.outlines)
    if unmapped:
        names = ", ".join(chart.names.get(code, code) for code in unmapped)
        note = _("Without an outline to draw: %(names)s") % {"names": names}
        figure.text(0.72, 0.44, note, fontsize=SMALL_SIZE, color=MUTED, va="top", wrap=True)
    coordinates = [point for rings in chart.outlines.values() for ring in rings for point in ring]
    _frame_map(axes, coordinates, _("No municipality to show"))


def _outline(rings: Sequence[Ring], *, facecolor: object, gid: str, hatch: str | None = None) -> PathPatch:
    """One patch per municipality, its rings (islands, holes) as one compound path."""
    paths = [Path([*ring, ring[0]], closed=True) for ring in rings if len(ring) >= 3]
    path = Path.make_compound_path(*paths) if paths else Path([(0.0, 0.0)])
    return PathPatch(
        path, facecolor=facecolor, edgecolor=HATCH_INK if hatch else "#8c8c8c", hatch=hatch, linewidth=0.6, gid=gid
    )


def _label_point(rings: Sequence[Ring]) -> tuple[float, float]:
    """The centroid of the largest ring, where a municipality's name is written."""
    best = (0.0, 0.0, 0.0)  # |area|, x, y
    for ring in rings:
        closed = [*ring, ring[0]]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(closed, closed[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and abs(area) > best[0]:
            best = (abs(area), cx / (3 * area), cy / (3 * area))
    if best[0]:
        return best[1], best[2]
    xs, ys = zip(*[point for ring in rings for point in ring], strict=True)
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _frame_map(axes: Axes, coordinates: Sequence[tuple[float, float]], empty: str) -> None:
    """Fit the map to its content, longitude shrunk by cos(latitude) so that shapes keep their proportions."""
    axes.set_axis_off()
    if not coordinates:
        _centred_note(axes, empty)
        return
    lons = [lon for lon, _lat in coordinates]
    lats = [lat for _lon, lat in coordinates]
    pad = max(max(lons) - min(lons), max(lats) - min(lats), 0.02) * 0.05
    axes.set_xlim(min(lons) - pad, max(lons) + pad)
    axes.set_ylim(min(lats) - pad, max(lats) + pad)
    middle = (min(lats) + max(lats)) / 2
    axes.set_aspect(1 / math.cos(math.radians(middle)))


# Shared furniture.


def _heading(figure: Figure, title: str, subtitle: str) -> None:
    figure.text(0.04, 0.955, title, fontsize=TITLE_SIZE, fontweight="bold", color=INK, va="top")
    if subtitle:
        figure.text(0.04, 0.885, subtitle, fontsize=SUBTITLE_SIZE, color=MUTED, va="top")


def _footer(figure: Figure, note: str) -> None:
    if note:
        figure.text(0.04, 0.025, note, fontsize=SMALL_SIZE, color=MUTED, va="bottom", wrap=True)


def _centred_note(axes: Axes, note: str) -> None:
    axes.text(0.5, 0.5, note, transform=axes.transAxes, ha="center", va="center", fontsize=BODY_SIZE, color=MUTED)


def _plain(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=SMALL_SIZE, colors=MUTED, labelcolor=INK)
