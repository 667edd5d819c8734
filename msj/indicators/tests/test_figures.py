"""An indicator's figures from stored counts: the real Juárez series, sources side by side,
targets and lights, CompStat changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from msj.indicators import services
from msj.indicators.figures import compstat, indicator_figures, target_in_force
from msj.indicators.lights import Light
from msj.indicators.models import Indicator, Observation, Source
from msj.indicators.rates import Annualisation
from msj.indicators.testing import juarez_territory, real_rows, store_real_series
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def homicide(personas: Personas) -> Indicator:
    store_real_series()
    juarez_territory(personas.mesa_a)
    services.install_standard_indicators(mesa=personas.mesa_a)
    return Indicator.objects.get(mesa=personas.mesa_a, slug="homicidio-doloso")


def test_every_published_rate_is_reproduced_from_stored_counts(homicide: Indicator) -> None:
    figures = indicator_figures(homicide)
    assert figures.annualisation == Annualisation.THIRTY_DAY
    rows = {row.month: row for row in figures.rows}
    checked = 0
    for published in real_rows():
        if published["cvegeo"] != "08037" or published["delito"] != "homicidio_doloso":
            continue
        row = rows[tuple(map(int, published["fecha"].split("-")))]  # type: ignore[index]
        if published["count"]:
            assert row.population == int(published["population_conapo2010_monthly"])
            assert row.rate == Decimal(published["rate_published_per100k_annualized"])
            checked += 1
        else:
            assert row.counts[figures.primary_key] is None and row.rate is None  # missing, not zero
    assert checked > 60


def test_yearly_counts_and_calendar_year_rate(homicide: Indicator) -> None:
    figures = indicator_figures(homicide, annualisation=Annualisation.CALENDAR_YEAR)
    counts = figures.primary.counts  # type: ignore[union-attr]
    yearly = {year: sum(v for (y, _m), v in counts.items() if y == year) for year in range(2011, 2016)}
    assert yearly == {2011: 1460, 2012: 647, 2013: 453, 2014: 388, 2015: 269}
    december = {row.month: row for row in figures.rows}[(2015, 12)]
    june = {row.month: row for row in figures.rows}[(2015, 6)]
    assert december.rate == (Decimal(269 * 100_000) / june.population).quantize(Decimal("0.0001"))  # type: ignore[operator]


def test_targets_keep_their_history_and_light_the_months(homicide: Indicator, personas: Personas) -> None:
    from msj.committees.testing import actor

    sara = actor(personas, "sara")
    for value, start in (("50", dt.date(2012, 1, 1)), ("30", dt.date(2013, 1, 1)), ("14", dt.date(2015, 1, 1))):
        services.set_target(
            indicator=homicide,
            value=Decimal(value),
            annualisation=Annualisation.CALENDAR_YEAR,
            starts_on=start,
            by=sara,
        )
    figures = indicator_figures(homicide)
    assert [t.value for t in figures.targets] == [Decimal(50), Decimal(30), Decimal(14)]
    rows = {row.month: row for row in figures.rows}
    assert rows[(2011, 12)].target is None and "Semáforo" in rows[(2011, 12)].light_rule
    assert rows[(2013, 6)].target.value == 30  # type: ignore[union-attr]
    # December is measured by the calendar year: 2012 had 647 cases ≈ 46.6 per 100,000, under 50.
    assert rows[(2012, 12)].light == Light.GREEN
    # Before December, by the year to date annualised: January 2012's 85 cases ≈ 73.5 per 100,000.
    assert rows[(2012, 1)].target_rate > 50 and rows[(2012, 1)].light == Light.RED  # type: ignore[operator]
    assert "year to date is annualised" in rows[(2012, 1)].light_rule
    assert rows[(2015, 12)].light == Light.RED  # 269 cases ≈ 19 per 100,000 against 14, beyond 10 %
    assert "amber up to 10% above" in rows[(2015, 12)].light_rule


def test_target_in_force_starts_on_the_first_of_the_month(homicide: Indicator, personas: Personas) -> None:
    from msj.committees.testing import actor

    target = services.set_target(
        indicator=homicide,
        value=Decimal(50),
        annualisation=Annualisation.THIRTY_DAY,
        starts_on=dt.date(2012, 3, 1),
        by=actor(personas, "sara"),
    )
    assert target_in_force([target], (2012, 2)) is None
    assert target_in_force([target], (2012, 3)) == target


def test_a_second_source_is_shown_beside_sesnsp_and_differences_flagged(homicide: Indicator) -> None:
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2011, month=1, count=170)
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2011, month=2, count=153)
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2011, month=1, count=168, revision=2)
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2011, month=3, count=120)
    figures = indicator_figures(homicide)
    assert [line.key for line in figures.lines] == ["sesnsp:cieisp", "prosecutor:"]
    rows = {row.month: row for row in figures.rows}
    assert rows[(2011, 1)].counts == {"sesnsp:cieisp": 168, "prosecutor:": 168}  # the latest revision
    assert not rows[(2011, 1)].sources_differ
    assert rows[(2011, 3)].counts == {"sesnsp:cieisp": 129, "prosecutor:": 120}
    assert rows[(2011, 3)].sources_differ
    assert rows[(2011, 4)].counts["prosecutor:"] is None  # not reported: missing, not zero


def test_compstat_needs_complete_periods_and_flags_real_changes() -> None:
    counts = {(2014, m): 10 for m in range(1, 13)} | {(2015, 1): 30, (2015, 2): 10, (2015, 3): 11}
    changes = compstat(counts, 2015, 3)
    assert [(c.current, c.earlier, c.significant) for c in changes] == [(11, 10, False), (51, 30, True), (51, 30, True)]
    assert changes[0].pct == Decimal("10.0")
    del counts[(2014, 1)]
    assert [c.current for c in compstat(counts, 2015, 3)] == [11]  # the quarter and the year to date need January


def test_the_chart_of_the_figures_names_its_annualisation_and_rules(homicide: Indicator, personas: Personas) -> None:
    from msj.committees.testing import actor
    from msj.indicators.chartdata import series_chart
    from msj.indicators.charts import render

    services.set_target(
        indicator=homicide,
        value=Decimal(30),
        annualisation=Annualisation.THIRTY_DAY,
        starts_on=dt.date(2013, 1, 1),
        by=actor(personas, "sara"),
    )
    chart = series_chart(indicator_figures(homicide), through=(2015, 12), last=36)
    assert chart.lights[-1][0] == dt.date(2015, 12, 1) and len(chart.lights) == 36
    assert "30-day convention" in chart.annualisation
    assert "amber up to 10% above" in chart.light_rule
    assert chart.lines[0].points[-1][1] == Decimal("17.8727")  # December 2015, as published
    svg = render(chart, "svg").decode()
    assert "30-day convention" in svg


def test_the_command_prints_the_figures_as_csv(homicide: Indicator) -> None:
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("indicator_figures", mesa="mesa-a", indicator="homicidio-doloso", language="en", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "homicidio-doloso,Intentional homicide"
    assert "30-day convention" in lines[1]
    assert lines[2].startswith("2011-01,168,1380352,141.3384")
    with pytest.raises(CommandError):
        call_command("indicator_figures", mesa="mesa-a", indicator="nothing", stdout=out)


def test_a_territory_of_two_municipalities_adds_counts_and_populations(homicide: Indicator) -> None:
    from msj.mesas.models import MesaMunicipality

    MesaMunicipality.objects.create(mesa=homicide.mesa, inegi_code="08019", name="Chihuahua")
    rows = {row.month: row for row in indicator_figures(homicide).rows}
    real = {(r["cvegeo"], r["fecha"]): r for r in real_rows() if r["delito"] == "homicidio_doloso" and r["count"]}
    juarez, chihuahua = real[("08037", "2014-03")], real[("08019", "2014-03")]
    march = rows[(2014, 3)]
    assert march.primary_count == int(juarez["count"]) + int(chihuahua["count"])
    assert march.population == int(juarez["population_conapo2010_monthly"]) + int(
        chihuahua["population_conapo2010_monthly"]
    )
