"""The national series equal a Mesa's figures for each municipality: a small SESNSP file in the
national format is imported, then every municipality's counts and rates are compared with
figures.sesnsp_counts and rates.rate_per_100k over a territory of that one municipality."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from msj.indicators import services
from msj.indicators.catalogue import STANDARD_INDICATORS, StandardIndicator, catalogue_rows
from msj.indicators.figures import sesnsp_counts, territory_population
from msj.indicators.imports import create_batch, file_sha256, run_import_now
from msj.indicators.models import ImportBatch, Indicator, Methodology, Population
from msj.indicators.national import NationalRow, export_national_series, indicator_categories, national_series
from msj.indicators.rates import Annualisation, period_rate, rate_per_100k
from msj.indicators.testing import ensure_reference_data
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db

VINTAGE = "CONAPO test"
CODES = ("8037", "8019", "1001", "8002")  # unpadded, as the SESNSP writes them
MONTHS = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre"]
HEADER = [
    "Año",
    "Clave_Ent",
    "Entidad",
    "Cve. Municipio",
    "Municipio",
    "Bien jurídico afectado",
    "Tipo de delito",
    "Subtipo de delito",
    "Modalidad",
    *MONTHS,
    "Noviembre",
    "Diciembre",
]
CUT_OFF = 7  # the last year's months after July are empty


def write_file(path: Path) -> None:
    """2023–2024 for four municipalities and a pseudo-municipality, every catalogue crime.

    01001 has no rows at all in 2023 (missing, not zero); 08002 reports no homicide (nor feminicide) in 2024's
    March (an empty cell, not zero).
    """
    rng = random.Random(5)
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for year in (2023, 2024):
            for code in (*CODES, "8999"):
                if code == "1001" and year == 2023:
                    continue
                for levels in catalogue_rows("new"):
                    months = [str(rng.choice((0, 0, 0, 1, 2, 7))) for _ in range(12)]
                    if year == 2024:
                        months[CUT_OFF:] = [""] * (12 - CUT_OFF)
                        if code == "8002" and levels[1] in ("Homicidio", "Feminicidio"):
                            months[2] = ""
                    writer.writerow([year, code[:-3], "Estado", code, "Municipio", *levels, *months])


@pytest.fixture
def imported(tmp_path: Path) -> None:
    ensure_reference_data()
    path = tmp_path / "sesnsp.csv"
    write_file(path)
    batch, _created = create_batch(kind=ImportBatch.Kind.SESNSP_NEW, file_name=path.name, sha256=file_sha256(path))
    assert run_import_now(batch, path=path).status == ImportBatch.Status.DONE
    # 08019 lacks 2025, so its months from June 2024 on have no population (and no rate).
    Population.objects.bulk_create(
        Population(municipality_id=code.zfill(5), vintage=VINTAGE, year=year, population=50_000 + 997 * year % 3_001)
        for code in CODES
        for year in range(2022, 2026)
        if not (code == "8019" and year == 2025)
    )


def by_series(rows: list[NationalRow]) -> dict[tuple[str, str], dict[tuple[int, int], NationalRow]]:
    series: dict[tuple[str, str], dict[tuple[int, int], NationalRow]] = defaultdict(dict)
    for row in rows:
        series[(row.code, row.indicator)][(row.year, row.month)] = row
    return series


@pytest.mark.usefixtures("imported")
def test_every_municipality_equals_its_mesa_figures(personas: Personas) -> None:
    services.install_standard_indicators(mesa=personas.mesa_a)
    rows = list(national_series(vintage=VINTAGE))
    series = by_series(rows)
    assert {code for code, _slug in series} == {code.zfill(5) for code in CODES}  # 998/999 kept apart
    order = [s.slug for s in STANDARD_INDICATORS]
    keys = [(r.code, order.index(r.indicator), r.year, r.month) for r in rows]
    assert keys == sorted(keys)  # streamed by municipality, indicator, month
    compared = 0
    for indicator in Indicator.objects.filter(mesa=personas.mesa_a):
        for code in (c.zfill(5) for c in CODES):
            expected = sesnsp_counts(indicator, Methodology.NEW, [code])
            got = series[(code, indicator.slug)]
            assert {month: row.count for month, row in got.items()} == expected
            population = territory_population([code], VINTAGE, sorted(expected))
            for month, row in got.items():
                assert row.population == population.get(month)
                if row.population is None:
                    assert row.rate is None
                else:
                    assert row.rate == rate_per_100k(row.count, row.population, *month, Annualisation.THIRTY_DAY)
                compared += 1
    assert compared > 500


@pytest.mark.usefixtures("imported")
def test_missing_stays_missing() -> None:
    series = by_series(list(national_series(vintage=VINTAGE)))
    homicide = series[("08002", "homicidio-doloso")]
    assert (2024, 2) in homicide and (2024, 4) in homicide
    assert (2024, 3) not in homicide  # every homicide category left March empty
    assert (2024, CUT_OFF) in homicide and (2024, CUT_OFF + 1) not in homicide  # the cut-off
    assert not any(year == 2023 for year, _m in series[("01001", "secuestro")])  # no rows that year
    chihuahua = series[("08019", "secuestro")]
    assert chihuahua[(2024, 5)].rate is not None  # between the Junes of 2023 and 2024
    assert chihuahua[(2024, 6)].population is None and chihuahua[(2024, 6)].rate is None  # needs 2025's


@pytest.mark.usefixtures("imported")
def test_other_annualisations_follow_period_rate() -> None:
    rows = list(national_series(vintage=VINTAGE, annualisation=Annualisation.CALENDAR_YEAR))
    december = [row for row in rows if row.month == 12]
    assert december and all(row.rate is not None for row in december)  # 2023 is complete
    assert all(row.rate is None for row in rows if row.month != 12)
    row = december[0]
    counts = {(r.year, r.month): r.count for r in rows if (r.code, r.indicator) == (row.code, row.indicator)}
    population = territory_population([row.code], VINTAGE, [(2023, 6)])
    assert row.rate == period_rate(counts, population, 2023, 12, Annualisation.CALENDAR_YEAR)  # type: ignore[arg-type]


@pytest.mark.usefixtures("imported")
def test_a_category_in_two_indicators_counts_in_both() -> None:
    homicide = STANDARD_INDICATORS[0]
    both = StandardIndicator("violent", "Violent", {"new": (*homicide.patterns["new"], ("*", "Secuestro", "*", "*"))})
    categories = indicator_categories((homicide, both))
    assert set(categories["homicidio-doloso"]) < set(categories["violent"])
    series = by_series(list(national_series(vintage=VINTAGE, indicators=(homicide, both))))
    alone = by_series(list(national_series(vintage=VINTAGE, indicators=(STANDARD_INDICATORS[1],))))
    for month, row in series[("08037", "violent")].items():
        kidnapping = alone[("08037", "secuestro")][month].count
        assert row.count == series[("08037", "homicidio-doloso")][month].count + kidnapping


@pytest.mark.usefixtures("imported")
def test_no_matching_category_yields_nothing() -> None:
    nothing = StandardIndicator("none", "None", {"new": (("*", "No such crime", "*", "*"),)})
    assert list(national_series(vintage=VINTAGE, indicators=(nothing,))) == []
    assert list(national_series(vintage=VINTAGE, unit="victims")) == []


@pytest.mark.usefixtures("imported")
def test_the_export_holds_the_same_rows(tmp_path: Path) -> None:
    out = tmp_path / "national.csv"
    written = export_national_series(out, vintage=VINTAGE)
    with out.open(newline="") as handle:
        exported = {tuple(row) for row in csv.reader(handle)}
    streamed = {
        tuple(
            "" if v is None else str(v) for v in (r.code, r.indicator, r.year, r.month, r.count, r.population, r.rate)
        )
        for r in national_series(vintage=VINTAGE)
    }
    assert written == len(exported) == len(streamed) > 500
    assert exported == streamed


@pytest.mark.usefixtures("imported")
def test_a_later_release_revises_the_series(tmp_path: Path) -> None:
    before = by_series(list(national_series(vintage=VINTAGE)))[("08037", "homicidio-doloso")][(2024, 2)]
    path = tmp_path / "later.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for levels in catalogue_rows("new"):
            if levels[2] == "Homicidio doloso" or levels[1] == "Feminicidio":
                writer.writerow([2024, "8", "Estado", "8037", "Municipio", *levels, "0", "100", *[""] * 10])
    batch, _created = create_batch(kind=ImportBatch.Kind.SESNSP_NEW, file_name=path.name, sha256=file_sha256(path))
    assert run_import_now(batch, path=path).status == ImportBatch.Status.DONE
    after = by_series(list(national_series(vintage=VINTAGE)))[("08037", "homicidio-doloso")]
    revised = sum(
        1 for levels in catalogue_rows("new") if levels[2] == "Homicidio doloso" or levels[1] == "Feminicidio"
    )
    assert after[(2024, 2)].count == 100 * revised != before.count  # the revised rows are current
    assert (2024, 3) not in after  # a revised row replaces the whole year row: March is no longer reported


@pytest.mark.usefixtures("imported")
def test_the_command_writes_the_series(tmp_path: Path) -> None:
    out = tmp_path / "series.csv"
    stdout = io.StringIO()
    with translation.override("es-mx"):
        call_command("national_series", str(out), "--vintage", VINTAGE, stdout=stdout)
        with pytest.raises(CommandError, match="No se ha importado población de la proyección nope"):
            call_command("national_series", str(out), "--vintage", "nope", stdout=stdout)
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert f"{len(rows):,} cifras mensuales escritas" in stdout.getvalue() and len(rows) > 500
