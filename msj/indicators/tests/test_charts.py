"""Charts drawn for real: what a reader must see (annualisation, rule, gaps, "no data") and stable bytes."""

from __future__ import annotations

import math
import struct
import threading
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle

from msj.indicators.charts import (
    LIGHT_COLOURS,
    NO_DATA,
    NO_LIGHT,
    Choropleth,
    IncidentMap,
    Line,
    SeriesChart,
    TargetStep,
    draw,
    format_decimal,
    format_number,
    render,
)
from msj.indicators.lights import Light

ANNUALISATION = "Anualización: convención de 30 días"
RULE = "Verde: en o bajo la meta; ámbar: hasta 10 % arriba; rojo: más allá."
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "http://www.w3.org/2000/svg"


def month(year: int, number: int) -> date:
    return date(year, number, 1)


def series(**changes: object) -> SeriesChart:
    """Juárez homicides, early 2012: two sources, one of them missing February."""
    fields: dict[str, object] = {
        "title": "Homicidio doloso, Ciudad Juárez",
        "unit": "tasa por 100 000 hab.",
        "annualisation": ANNUALISATION,
        "lines": [
            Line(
                "SESNSP", [(month(2012, 1), Decimal("61.2")), (month(2012, 2), None), (month(2012, 3), Decimal("48"))]
            ),
            Line("Fiscalía del Estado", [(month(2012, 1), Decimal("58")), (month(2012, 2), Decimal("0"))]),
        ],
        "source_note": "Fuente: SESNSP; población CONAPO 2010",
    }
    fields.update(changes)
    return SeriesChart(**fields)  # type: ignore[arg-type]


def square(lon: float, lat: float) -> list[list[tuple[float, float]]]:
    return [[(lon, lat), (lon + 0.2, lat), (lon + 0.2, lat + 0.2), (lon, lat + 0.2)]]


OUTLINES = {"08037": square(-106.6, 31.4), "08019": square(-106.4, 31.4), "08017": square(-106.6, 31.2)}
NAMES = {"08037": "Juárez", "08019": "Chihuahua", "08017": "Cuauhtémoc"}


def choropleth(values: dict[str, Decimal | None]) -> Choropleth:
    return Choropleth(
        title="Homicidio doloso por municipio, 2012",
        values=values,
        outlines=OUTLINES,
        names=NAMES,
        unit="tasa por 100 000 hab.",
        annualisation=ANNUALISATION,
    )


def svg_texts(svg: bytes) -> list[str]:
    """Every line of text drawn in the SVG, kept as text (not glyph outlines) for search and screen readers."""
    root = ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)
    return ["".join(element.itertext()) for element in root.iter(f"{{{SVG}}}text")]


def svg_text(svg: bytes) -> str:
    return "\n".join(svg_texts(svg))


def axes_named(figure: Figure, label: str) -> Axes:
    (axes,) = [axes for axes in figure.axes if axes.get_label() == label]
    return axes


def line_named(axes: Axes, label: str) -> Line2D:
    (line,) = [line for line in axes.get_lines() if line.get_label() == label]
    return line


def legend_texts(figure: Figure) -> list[str]:
    legends = [*figure.legends, *(axes.get_legend() for axes in figure.axes)]
    return [text.get_text() for legend in legends if legend for text in legend.get_texts()]


def test_svg_parses_and_png_is_a_16_by_9_slide_at_150_dpi() -> None:
    chart = series()
    svg = render(chart, "svg")
    assert ET.fromstring(svg).tag == f"{{{SVG}}}svg"  # noqa: S314 (our own output)
    png = render(chart, "png")
    assert png.startswith(PNG_MAGIC)
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (1600, 900)


def test_other_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="gif"):
        render(series(), "gif")
    with pytest.raises(ValueError):
        render(series(), "SVG")


def test_every_figure_names_its_annualisation_as_text() -> None:
    assert ANNUALISATION in svg_text(render(series(), "svg"))
    assert ANNUALISATION in svg_text(render(choropleth({"08037": Decimal("30")}), "svg"))
    with pytest.raises(ValueError, match="annualisation"):
        series(annualisation="  ")
    with pytest.raises(ValueError, match="annualisation"):
        Choropleth(title="t", values={}, outlines={}, names={}, unit="u", annualisation="")


def test_a_missing_month_is_a_gap_and_zero_stays_zero() -> None:
    absent_april = Line(
        "SESNSP",
        [
            (month(2012, 1), Decimal("61.2")),
            (month(2012, 2), None),
            (month(2012, 3), Decimal("48")),
            (month(2012, 5), Decimal("40")),
        ],
    )
    axes = axes_named(draw(series(lines=[absent_april, series().lines[1]])), "series")
    ys = list(line_named(axes, "SESNSP").get_ydata())
    assert len(ys) == 5  # January to May, one value per month
    assert ys[0] == pytest.approx(61.2)
    assert math.isnan(ys[1])  # given as None
    assert math.isnan(ys[3])  # not given at all: still a gap, never bridged
    assert ys[4] == 40
    assert list(line_named(axes, "Fiscalía del Estado").get_ydata()) == [58, 0]  # a real zero is drawn


def test_a_month_is_given_once_by_its_first_day() -> None:
    with pytest.raises(ValueError, match="first day"):
        Line("SESNSP", [(date(2012, 1, 31), Decimal("1"))])
    with pytest.raises(ValueError, match="twice"):
        Line("SESNSP", [(month(2012, 1), Decimal("1")), (month(2012, 1), None)])


def test_target_steps_are_one_dashed_step_line_labelled_where_each_begins() -> None:
    targets = [
        TargetStep(date(2010, 1, 1), Decimal("50"), "Meta 50 (acuerdo de enero 2010)"),
        TargetStep(date(2012, 2, 15), Decimal("30"), "Meta 30 (acuerdo de la sesión de febrero 2012)"),
        TargetStep(date(2012, 3, 1), Decimal("14"), "Meta 14"),
    ]
    chart = series(targets=targets)
    line = line_named(axes_named(draw(chart), "series"), gettext("Target"))
    assert line.get_linestyle() == "--"
    assert list(line.get_ydata()) == [50, 50, 30, 30, 14, 14]
    january, march, april = (12 * 2012 + n for n in (0, 2, 3))
    # The 2010 target is drawn from the axis start; the 15 February one from the middle of February.
    assert list(line.get_xdata()) == pytest.approx(
        [january, january + 1 + 14 / 29, january + 1 + 14 / 29, march, march, april]
    )
    text = svg_text(render(chart, "svg"))
    assert all(step.label in text for step in targets)


def test_a_target_superseded_before_the_axis_begins_is_not_drawn() -> None:
    targets = [
        TargetStep(date(2009, 1, 1), Decimal("200"), "Meta 200"),
        TargetStep(date(2011, 6, 1), Decimal("50"), "Meta 50"),
    ]
    chart = series(targets=targets)
    axes = axes_named(draw(chart), "series")
    assert list(line_named(axes, gettext("Target")).get_ydata()) == [50, 50]
    assert axes.get_ylim()[1] < 200  # nor does it stretch the axis
    assert "Meta 200" not in svg_text(render(chart, "svg"))


def test_the_light_strip_has_one_cell_per_month_in_its_colour_and_states_the_rule() -> None:
    lights = [(month(2012, 1), "red"), (month(2012, 2), None), (month(2012, 3), "amber"), (month(2012, 4), "green")]
    chart = series(lights=lights, light_rule=RULE)
    strip = axes_named(draw(chart), "lights")
    cells = [patch for patch in strip.patches if isinstance(patch, Rectangle)]
    assert [cell.get_gid() for cell in cells] == ["light-2012-01", "light-2012-02", "light-2012-03", "light-2012-04"]
    assert [to_hex(cell.get_facecolor()) for cell in cells] == ["#d73027", NO_LIGHT, "#fdae61", "#1a9850"]
    assert [cell.get_hatch() for cell in cells] == [None, "////", None, None]  # no light: hatched, not coloured
    assert [cell.get_x() for cell in cells] == [12 * 2012 + n for n in range(4)]
    # Colour is not the only cue: each lit cell carries its initial, and the legend names them.
    assert [text.get_text() for text in strip.texts] == ["R", "A", "G"]
    text = svg_text(render(chart, "svg"))
    assert RULE in text
    assert str(Light.GREEN.label) in text and gettext("No light") in text


def test_a_light_is_never_shown_without_its_rule() -> None:
    with pytest.raises(ValueError, match="rule"):
        series(lights=[(month(2012, 1), "red")])
    with pytest.raises(ValueError, match="Unknown"):
        series(lights=[(month(2012, 1), "blue")], light_rule=RULE)
    assert LIGHT_COLOURS == {Light.GREEN: "#1a9850", Light.AMBER: "#fdae61", Light.RED: "#d73027"}


def test_months_are_abbreviated_in_the_readers_language_not_the_system_locale() -> None:
    chart = series(lines=[Line("SESNSP", [(month(2011, 12), Decimal("1")), (month(2012, 1), Decimal("2"))])])
    with translation.override("es-mx"):
        text = svg_text(render(chart, "svg"))
    assert "dic" in text.split("\n") and "ene" in text.split("\n")  # one line of a tick label each
    assert "2012" in text
    with translation.override("en"):
        assert "jan" in svg_text(render(chart, "svg")).split("\n")


def test_numbers_use_mexican_separators() -> None:
    assert format_number(1460) == "1,460"
    assert format_number(1234567.5) == "1,234,567.5"
    assert format_number(0.25) == "0.25"
    assert format_number(-0.0001) == "0"
    assert format_decimal(Decimal("211.935")) == "211.94"  # half up, not to even
    assert format_decimal(Decimal("1460.0000")) == "1,460"
    chart = series(lines=[Line("SESNSP", [(month(2012, 1), Decimal("1460")), (month(2012, 2), Decimal("1200"))])])
    assert "1,200" in svg_texts(render(chart, "svg"))  # a y-axis tick


def test_the_same_chart_gives_the_same_bytes() -> None:
    chart = series(
        targets=[TargetStep(month(2012, 1), Decimal("30"), "Meta 30")],
        lights=[(month(2012, 1), "red")],
        light_rule=RULE,
    )
    first = render(chart, "svg")
    render(choropleth({"08037": None}), "svg")  # other drawing in between changes nothing
    assert render(chart, "svg") == first
    assert render(chart, "png") == render(chart, "png")


def test_concurrent_renders_match_a_lone_one() -> None:
    chart = series()
    expected = render(chart, "svg")
    results: list[bytes] = []
    language = translation.get_language()

    def work() -> None:
        with translation.override(language):  # the active language is per thread
            results.append(render(chart, "svg"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_a_municipality_without_data_is_hatched_grey_and_labelled_no_data() -> None:
    figure = draw(choropleth({"08037": Decimal("30.5"), "08019": Decimal("0"), "08017": None}))
    shapes = {patch.get_gid(): patch for patch in axes_named(figure, "map").patches if isinstance(patch, PathPatch)}
    assert to_hex(shapes["municipality-08017"].get_facecolor()) == NO_DATA
    assert shapes["municipality-08017"].get_hatch() == "///"
    assert to_hex(shapes["municipality-08019"].get_facecolor()) == "#ffffcc"  # zero: the scale's lightest colour
    assert shapes["municipality-08019"].get_hatch() is None
    assert gettext("No data") in legend_texts(figure)
    names = [text.get_text() for text in axes_named(figure, "map").texts]
    assert "Cuauhtémoc\n" + gettext("no data") in names and "Juárez\n30.50" in names


def test_a_complete_choropleth_has_no_no_data_entry_and_names_its_unit() -> None:
    chart = choropleth({"08037": Decimal("30.5"), "08019": Decimal("12"), "08017": Decimal("1460")})
    assert gettext("No data") not in legend_texts(draw(chart))
    text = svg_text(render(chart, "svg"))
    assert "tasa por 100 000 hab." in text
    assert "1,460" in text.split("\n")  # the name's second line, Mexican style


def test_incidents_are_coloured_by_category_on_an_equal_aspect_map() -> None:
    points = [(31.7, -106.45, "Robo"), (31.72, -106.4, "Robo"), (31.69, -106.5, "Homicidio")]
    figure = draw(IncidentMap(title="Incidentes, marzo 2012", points=points, outlines=OUTLINES))
    axes = axes_named(figure, "map")
    groups = [collection for collection in axes.collections if isinstance(collection, PathCollection)]
    assert [len(group.get_offsets()) for group in groups] == [2, 1]  # largest category first
    assert to_hex(groups[0].get_facecolor()[0]) != to_hex(groups[1].get_facecolor()[0])
    assert legend_texts(figure) == ["Robo (2)", "Homicidio (1)"]
    middle = (31.2 + 31.72) / 2
    assert axes.get_aspect() == pytest.approx(1 / math.cos(math.radians(middle)))
    assert render(IncidentMap(title="Sin incidentes", points=[]), "png").startswith(PNG_MAGIC)


def test_a_series_without_any_value_says_so_instead_of_drawing_zeros() -> None:
    chart = series(lines=[Line("SESNSP", [(month(2012, 1), None), (month(2012, 2), None)])])
    axes = axes_named(draw(chart), "series")
    assert all(math.isnan(y) for y in line_named(axes, "SESNSP").get_ydata())
    assert gettext("No data for this period") in svg_text(render(chart, "svg"))
