"""The monthly indicators report for the plenary and its press version, read back from the PDF.

The figures are the real Juárez series (SESNSP via new.crimenmexico, CONAPO 2010): in October
2015 the SESNSP counted 28 intentional homicides, 33 in October 2014; June 2015 had 23.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import formats
from pypdf import PdfReader

from msj.agreements.models import Agreement
from msj.agreements.testing import make_agreements
from msj.committees.testing import actor
from msj.indicators import services
from msj.indicators.figures import indicator_figures, semaforo_rule
from msj.indicators.models import Indicator, Observation, Source
from msj.indicators.rates import Annualisation
from msj.indicators.reports import plenary_report, press_report
from msj.indicators.testing import juarez_territory, real_rows, store_real_series
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db

SESNSP = "SESNSP former methodology (CIEISP, 2011–2017)"
OCTOBER = (2015, 10)


@pytest.fixture
def homicide(personas: Personas) -> Indicator:
    store_real_series()
    juarez_territory(personas.mesa_a)
    services.install_standard_indicators(mesa=personas.mesa_a)
    return Indicator.objects.get(mesa=personas.mesa_a, slug="homicidio-doloso")


def only(indicator: Indicator) -> None:
    """Keep the Mesa's one indicator: a shorter PDF, faster to render."""
    Indicator.objects.filter(mesa=indicator.mesa).exclude(pk=indicator.pk).delete()


def pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def set_targets(indicator: Indicator, personas: Personas, agreement: Agreement | None = None) -> None:
    """Juárez's homicide targets: 50, then 30, then 14 (DOMAIN.md §4.9), and one agreed for 2016."""
    sara = actor(personas, "sara")
    for value, starts_on, note in (
        ("50", dt.date(2012, 1, 1), "The rate of New Orleans"),
        ("30", dt.date(2013, 1, 1), "Second step"),
        ("14", dt.date(2015, 1, 1), "Below the national rate"),
        ("9", dt.date(2016, 1, 1), "Agreed for 2016"),
    ):
        services.set_target(
            indicator=indicator,
            value=Decimal(value),
            annualisation=Annualisation.CALENDAR_YEAR,
            starts_on=starts_on,
            by=sara,
            note=note,
            agreement=agreement if value == "14" else None,
        )


def test_plenary_report_has_a_cover_a_summary_and_a_page_per_indicator(homicide: Indicator, personas: Personas) -> None:
    mesa = personas.mesa_a
    Indicator.objects.create(mesa=personas.mesa_b, slug="otro", name="Mesa B's own indicator")
    indicators = list(Indicator.objects.filter(mesa=mesa))
    assert len(indicators) == 8

    Observation.objects.create(indicator=indicators[0], source=Source.OBSERVATORY, year=2015, month=11, count=31)

    pdf = plenary_report(mesa=mesa, month=OCTOBER, language="en")
    read = pages(pdf)
    whole = " ".join(read)

    cover = read[0]
    assert "Mesa A" in cover and "Monthly indicators report for the plenary" in cover
    assert "October 2015" in cover and "Juárez (08037)" in cover
    generated = formats.date_format(mesa.today(), "DATE_FORMAT")
    assert f"Generated on {generated} at" in cover and f"({mesa.time_zone} time)" in cover
    assert "figures the Executive Committee has not approved for publication must not be disclosed" in cover

    # One page opens with each indicator, in the Mesa's order; Mesa B's indicator is not here.
    openings = [page.split(" October 2015")[0] for page in read if " October 2015 · " in page]
    assert openings == [indicator.name for indicator in indicators]
    assert "Mesa B's own indicator" not in whole

    # The summary: the count, the rate with its annualisation named, the light's rule, CompStat.
    published = next(
        r for r in real_rows() if (r["cvegeo"], r["delito"], r["fecha"]) == ("08037", "homicidio_doloso", "2015-10")
    )
    rate = Decimal(published["rate_published_per100k_annualized"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert f"{SESNSP}: 28 {rate} Annualisation: count per day of the month × 30 × 12" in whole
    assert "(the 30-day convention)" in whole
    assert " ".join(semaforo_rule().split()) in whole
    assert "Month: 28 against 33 a year earlier (-15.2 %), within normal variation." in whole
    assert "Quarter (3 months): 68 against 99 a year earlier (-31.3 %), a real change." in whole
    assert "Population: CONAPO 2010, interpolated monthly." in whole
    # A month after the one reported is nowhere: not in a heading, not on a chart's axis (the real
    # series runs to July 2016), not as a source that only reported later.
    assert "November 2015" not in whole and "2016" not in whole
    assert "Citizen observatory" not in whole
    assert "Sources differ" not in whole  # one source only


def test_the_plenary_shows_the_targets_history_up_to_the_month(homicide: Indicator, personas: Personas) -> None:
    only(homicide)
    agreement = make_agreements(personas).mesa
    set_targets(homicide, personas, agreement)

    whole = text(plenary_report(mesa=personas.mesa_a, month=OCTOBER, language="en"))
    history = whole[whole.index("Target per 100,000 Annualisation In force from Agreement Meeting Note") :]
    position = 0
    for piece in ("14 calendar year's count", agreement.code, "Below the national rate", "30 calendar year's count"):
        position = history.index(piece, position)
    for piece in ("Second step", "50 calendar year's count", "The rate of New Orleans"):
        position = history.index(piece, position)
    assert history.count("in force this month") == 1
    assert (
        "Against the target of 14.00 per 100,000 (calendar year's count, mid-year population): green at or below "
        "it, amber up to 10% above it, red beyond." in whole
    )
    assert "Agreed for 2016" not in whole  # a target from after the month is not shown yet


def test_a_target_is_in_force_from_its_first_month(homicide: Indicator, personas: Personas) -> None:
    only(homicide)
    set_targets(homicide, personas)

    december = text(plenary_report(mesa=personas.mesa_a, month=(2014, 12), language="en"))
    assert "Below the national rate" not in december
    assert "Second step" in december and "Against the target of 30.00 per 100,000" in december
    january = text(plenary_report(mesa=personas.mesa_a, month=(2015, 1), language="en"))
    assert "Below the national rate" in january and "Against the target of 14.00 per 100,000" in january


def test_sources_are_side_by_side_and_a_difference_is_flagged(homicide: Indicator, personas: Personas) -> None:
    only(homicide)
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2015, month=10, count=876)
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2015, month=11, count=987)

    whole = text(plenary_report(mesa=personas.mesa_a, month=OCTOBER, language="en"))
    assert f"{SESNSP}: 28 State prosecutor: 876 ≠ Sources differ" in whole
    assert not re.search(r"\b987\b", whole)  # November's count, after the month reported

    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2015, month=10, count=28, revision=2)
    whole = text(plenary_report(mesa=personas.mesa_a, month=OCTOBER, language="en"))
    assert f"{SESNSP}: 28 State prosecutor: 28" in whole
    assert "Sources differ" not in whole


def test_the_plenary_report_is_in_spanish_by_default(homicide: Indicator, personas: Personas) -> None:
    only(homicide)
    cover = pages(plenary_report(mesa=personas.mesa_a, month=OCTOBER))[0]
    assert "Octubre de 2015" in cover  # the cover's heading
    assert "octubre de 2015" in cover  # the month reported, as Spanish writes it
    assert "October" not in cover


def test_press_report_shows_approved_indicators_up_to_their_month(homicide: Indicator, personas: Personas) -> None:
    agreement = make_agreements(personas).mesa
    set_targets(homicide, personas, agreement)
    Observation.objects.create(indicator=homicide, source=Source.PROSECUTOR, year=2015, month=6, count=876)
    eva = actor(personas, "eva")
    services.approve_publication(indicator=homicide, year=2015, month=6, by=eva)
    with_violence = Indicator.objects.get(mesa=personas.mesa_a, slug="robo-vehiculo-con-violencia")
    services.approve_publication(indicator=with_violence, year=2016, month=1, by=eva)
    counts = indicator_figures(homicide).primary.counts  # type: ignore[union-attr]
    assert counts[(2015, 6)] == 23 and counts[(2015, 7)] != 23

    whole = text(press_report(mesa=personas.mesa_a, month=OCTOBER, language="en"))
    assert "Crime indicators for the press" in whole
    assert "Figures approved for publication by the Executive Committee." in whole
    # The homicides stop at June, the month approved; the vehicle thefts, approved further, at October.
    assert "Intentional homicide" in whole and "Figures up to June 2015, as approved for publication." in whole
    assert f"{SESNSP}: 23" in whole and f"{SESNSP}: {counts[(2015, 7)]} " not in whole
    assert "Figures up to October 2015, as approved for publication." in whole
    assert "Vehicle theft with violence" in whole
    for unapproved in ("Kidnapping", "Extortion", "Vehicle theft without violence", "Home burglary"):
        assert unapproved not in whole
    # The SESNSP series only, and no internal notes or references.
    assert "State prosecutor" not in whole and not re.search(r"\b876\b", whole)
    for internal in ("Below the national rate", "Second step", agreement.code, "Agreement Meeting Note"):
        assert internal not in whole
    assert "Target per 100,000 Annualisation In force from" in whole


def test_press_report_stops_at_the_month_asked_for(homicide: Indicator, personas: Personas) -> None:
    only(homicide)
    services.approve_publication(indicator=homicide, year=2015, month=10, by=actor(personas, "eva"))

    whole = text(press_report(mesa=personas.mesa_a, month=(2015, 6), language="en"))
    assert "Figures up to June 2015, as approved for publication." in whole
    assert "October 2015" not in whole


def test_press_report_without_approvals_says_so_on_one_page(homicide: Indicator, personas: Personas) -> None:
    read = pages(press_report(mesa=personas.mesa_a, month=OCTOBER, language="en"))
    assert len(read) == 1
    assert "No figures of this Mesa have been approved for publication by the Executive Committee." in read[0]
    assert "Intentional homicide" not in read[0] and "Figures approved for publication" not in read[0]


@pytest.mark.parametrize("month", [(2015, 0), (2015, 13)])
def test_a_report_needs_a_real_month(personas: Personas, month: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="Not a month"):
        plenary_report(mesa=personas.mesa_a, month=month)
    with pytest.raises(ValueError, match="Not a month"):
        press_report(mesa=personas.mesa_a, month=month)
