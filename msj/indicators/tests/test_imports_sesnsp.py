"""SESNSP municipal files: raw files made from the real Juárez counts import to the same figures;
broken files are refused whole with their line numbers; the same data twice writes nothing; a
later release adds revisions of the changed rows only."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from msj.indicators.catalogue import STANDARD_INDICATORS, matches
from msj.indicators.imports import PROGRESS_EVERY, create_batch, file_sha256, run_import_now
from msj.indicators.models import CrimeCategory, ImportBatch, Population
from msj.indicators.testing import stored_rows

DATA = Path(__file__).resolve().parents[1] / "data" / "real"
REAL = DATA / "sesnsp_cieisp_municipal_juarez_chihuahua_2011-01_2016-07.csv"
JUAREZ, CHIHUAHUA = "08037", "08019"
NAMES = {JUAREZ: "Juárez", CHIHUAHUA: "Chihuahua"}
YEARS = range(2011, 2017)
Kind = ImportBatch.Kind
Status = ImportBatch.Status

# Each real series goes to the first category of its list; the others get zeros, as a raw
# file splits a total into subtypes.
CIEISP_CATEGORIES = {
    "homicidio_doloso": [("HOMICIDIOS", "DOLOSOS", s) for s in ("CON ARMA DE FUEGO", "CON ARMA BLANCA", "OTROS")],
    "secuestro": [("PRIV. DE LA LIBERTAD (SECUESTRO)", "SECUESTRO", "SECUESTRO")],
    "extorsion": [("DELITOS PATRIMONIALES", "EXTORSION", "EXTORSION")],
    "robo_vehiculo_con_violencia": [("ROBO COMUN", "CON VIOLENCIA", "DE VEHICULOS")],
    "robo_vehiculo_sin_violencia": [("ROBO COMUN", "SIN VIOLENCIA", "DE VEHICULOS")],
}
LIFE, PROPERTY = "La vida y la Integridad corporal", "El patrimonio"
VEHICLE = ("El patrimonio", "Robo", "Robo de vehículo automotor")
NEW_CATEGORIES = {
    "homicidio_doloso": [
        (LIFE, "Homicidio", "Homicidio doloso", m)
        for m in ("Con arma de fuego", "Con arma blanca", "Con otro elemento", "No especificado")
    ],
    "secuestro": [
        ("Libertad personal", "Secuestro", "Secuestro", m) for m in ("Secuestro extorsivo", "Secuestro exprés")
    ],
    "extorsion": [(PROPERTY, "Extorsión", "Extorsión", "Extorsión")],
    "robo_vehiculo_con_violencia": [
        (*VEHICLE, "Robo de coche de 4 ruedas Con violencia"),
        (*VEHICLE, "Robo de motocicleta Con violencia"),
    ],
    "robo_vehiculo_sin_violencia": [(*VEHICLE, "Robo de coche de 4 ruedas Sin violencia")],
}
INDICATOR_OF = {
    "homicidio_doloso": "homicidio-doloso",
    "secuestro": "secuestro",
    "extorsion": "extorsion",
    "robo_vehiculo_con_violencia": "robo-vehiculo-con-violencia",
    "robo_vehiculo_sin_violencia": "robo-vehiculo-sin-violencia",
}
MONTHS_ES = [
    "Enero",
    "Febrero",
    "Marzo",
    "Abril",
    "Mayo",
    "Junio",
    "Julio",
    "Agosto",
    "Septiembre",
    "Octubre",
    "Noviembre",
    "Diciembre",
]
NEW_HEADER = [
    "Año",
    "Clave_Ent",
    "Entidad",
    "Cve. Municipio",
    "Municipio",
    "Bien jurídico afectado",
    "Tipo de delito",
    "Subtipo de delito",
    "Modalidad",
    *MONTHS_ES,
]
CIEISP_HEADER = [
    "AÑO",
    "INEGI",
    "ENTIDAD",
    "MUNICIPIO",
    "MODALIDAD",
    "TIPO",
    "SUBTIPO",
    *(m.upper() for m in MONTHS_ES),
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def real_series() -> dict[tuple[str, str], dict[tuple[int, int], int | None]]:
    """(municipality, crime) → (year, month) → count, None where the source has no figure."""
    series: dict[tuple[str, str], dict[tuple[int, int], int | None]] = defaultdict(dict)
    with REAL.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year, month = (int(part) for part in row["fecha"].split("-"))
            series[(row["cvegeo"], row["delito"])][(year, month)] = int(row["count"]) if row["count"] else None
    return series


def month_cells(values: dict[tuple[int, int], int | None], year: int, share: bool) -> list[str]:
    """Twelve cells: the count (or 0 for a subtype that gets none), empty where missing or after the cut-off."""
    cells = []
    for month in range(1, 13):
        value = values.get((year, month))
        cells.append("" if value is None else str(value if share else 0))
    return cells


def raw_rows(methodology: str, *, unpadded: bool = False) -> list[list[str]]:
    categories = NEW_CATEGORIES if methodology == "new" else CIEISP_CATEGORIES
    rows = []
    for (code, crime), values in sorted(real_series().items()):
        for year in YEARS:
            for position, levels in enumerate(categories[crime]):
                cells = month_cells(values, year, share=position == 0)
                shown = code.lstrip("0") if unpadded else code
                if methodology == "new":
                    rows.append([str(year), "8", "Chihuahua", shown, NAMES[code], *levels, *cells])
                else:
                    rows.append([str(year), shown, "CHIHUAHUA", NAMES[code].upper(), *levels, *cells])
    return rows


def write(
    path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path: Path, kind: str = Kind.SESNSP_NEW, **batch: Any) -> ImportBatch:
    found, _created = create_batch(kind=kind, file_name=path.name, sha256=file_sha256(path), **batch)
    return run_import_now(found, path=path)


def indicator_series(code: str, methodology: str, slug: str) -> dict[tuple[int, int], int | None]:
    """Sum the current rows of a standard indicator's categories, month by month; None stays None."""
    standard = next(s for s in STANDARD_INDICATORS if s.slug == slug)
    ids = [
        c.pk
        for c in CrimeCategory.objects.filter(methodology=methodology)
        if matches(c.levels, standard.patterns[methodology])
    ]
    totals: dict[tuple[int, int], int | None] = {}
    for row in stored_rows(current=True):
        if row.municipality_id != code or row.category_id not in ids:
            continue
        for month, value in enumerate(row.months, start=1):
            if value is not None:
                totals[(row.year, month)] = (totals.get((row.year, month)) or 0) + value
            else:
                totals.setdefault((row.year, month), None)
    return totals


def yearly(series: dict[tuple[int, int], int | None], year: int) -> int:
    return sum(v for (y, _m), v in series.items() if y == year and v is not None)


def assert_reproduces_the_real_series(methodology: str) -> None:
    real = real_series()
    for (code, crime), values in real.items():
        stored = indicator_series(code, methodology, INDICATOR_OF[crime])
        for year in YEARS:
            for month in range(1, 13):
                assert stored[(year, month)] == values.get((year, month)), (code, crime, year, month)
    homicide = indicator_series(JUAREZ, methodology, "homicidio-doloso")
    assert [yearly(homicide, y) for y in range(2011, 2016)] == [1460, 647, 453, 388, 269]
    kidnapping = indicator_series(JUAREZ, methodology, "secuestro")
    assert [yearly(kidnapping, y) for y in range(2011, 2014)] == [48, 20, 13]


def counts() -> tuple[int, int, int]:
    return len(stored_rows()), CrimeCategory.objects.count(), Population.objects.count()


# The real figures, through both formats ------------------------------------------------------


def test_a_cieisp_file_made_from_the_real_counts_imports_to_the_same_figures(db: None, tmp_path: Path) -> None:
    real = real_series()
    assert any(v is None for values in real.values() for v in values.values())  # the file has missing months
    path = write(tmp_path / "cieisp.csv", CIEISP_HEADER, raw_rows("cieisp"))

    batch = run(path, Kind.SESNSP_CIEISP)

    assert batch.status == Status.DONE, batch.errors
    assert batch.rows_written == batch.rows_total == 2 * 6 * 7
    assert batch.summary["new_categories"] == []
    assert batch.summary["rows_per_year"]["2011"] == 14
    assert_reproduces_the_real_series("cieisp")
    (row,) = [
        row
        for row in stored_rows("cases")
        if row.municipality_id == JUAREZ
        and row.year == 2016
        and (row.category.level_1, row.category.level_3) == ("HOMICIDIOS", "CON ARMA DE FUEGO")
    ]
    assert row.months[6] is not None and row.months[7] is None and row.months[11] is None  # missing, not zero
    assert row.category.level_4 == "" and row.batch_id == batch.pk


def test_a_latin1_semicolon_new_methodology_file_with_ano_and_unpadded_codes(db: None, tmp_path: Path) -> None:
    header = ["Ano", *NEW_HEADER[1:]]
    rows = raw_rows("new", unpadded=True)
    # Pseudo-municipalities (not specified / other municipalities) and a crime not in the catalogue.
    rows.append(
        [
            "2015",
            "8",
            "Chihuahua",
            "8998",
            "No especificado",
            LIFE,
            "Homicidio",
            "Homicidio doloso",
            "Con arma de fuego",
            *["1"] * 12,
        ]
    )
    rows.append(
        [
            "2015",
            "8",
            "Chihuahua",
            "8999",
            "Otros municipios",
            LIFE,
            "Homicidio",
            "Homicidio doloso",
            "Con arma de fuego",
            *["2"] * 12,
        ]
    )
    rows.append(
        [
            "2015",
            "8",
            "Chihuahua",
            "8037",
            "Juárez",
            "Otros bienes",
            "Otro delito",
            "Nuevo subtipo",
            "Con arma",
            *["3"] * 6,
            *[""] * 6,
        ]
    )
    path = write(tmp_path / "IDM_NM_jun25.csv", header, rows, encoding="latin-1", delimiter=";")
    assert "Juárez".encode("latin-1") in path.read_bytes()

    batch = run(path)

    assert batch.status == Status.DONE, batch.errors
    assert batch.summary["pseudo_municipalities"] == {"08": {"state": "Chihuahua", "rows": 2}}
    assert batch.summary["new_categories"] == ["Otros bienes / Otro delito / Nuevo subtipo / Con arma"]
    assert {row.municipality_id for row in stored_rows()} == {JUAREZ, CHIHUAHUA}
    assert_reproduces_the_real_series("new")
    (added,) = [row for row in stored_rows() if row.category.level_3 == "Nuevo subtipo"]
    assert added.months == [3] * 6 + [None] * 6
    assert added.category.methodology == "new"


def test_a_utf8_file_with_bom_and_other_header_spellings(db: None, tmp_path: Path) -> None:
    header = [
        "AÑO",
        "CLAVE_ENT",
        "ENTIDAD",
        "CVE.  MUNICIPIO",
        "MUNICIPIO",
        "Bien Juridico Afectado",
        "Tipo de delito",
        "Subtipo de delito",
        "Modalidad",
        *(m.upper() for m in MONTHS_ES),
    ]
    path = write(tmp_path / "bom.csv", header, raw_rows("new")[:3], encoding="utf-8-sig")
    batch = run(path)
    assert batch.status == Status.DONE, batch.errors
    assert batch.rows_written == 3


def test_victims_are_kept_apart_from_cases(db: None, tmp_path: Path) -> None:
    rows = raw_rows("new")[:4]
    run(write(tmp_path / "cases.csv", NEW_HEADER, rows))
    victims = [[*row[:9], *("1" for _ in MONTHS_ES)] for row in rows]
    batch = run(write(tmp_path / "victims.csv", NEW_HEADER, victims), unit="victims")
    assert batch.status == Status.DONE and batch.rows_written == 4
    assert len(stored_rows("victims", current=True)) == 4
    assert len(stored_rows("cases", current=True)) == 4


# Broken files: refused whole, with their line numbers ----------------------------------------

GOOD = [
    [
        "2015",
        "1",
        "Aguascalientes",
        "1001",
        "Aguascalientes",
        LIFE,
        "Homicidio",
        "Homicidio doloso",
        "Con arma de fuego",
        "2",
        "0",
        "1",
        "1",
        "0",
        "1",
        "1",
        "0",
        "2",
        "1",
        "0",
        "1",
    ],
    [
        "2015",
        "1",
        "Aguascalientes",
        "1001",
        "Aguascalientes",
        LIFE,
        "Homicidio",
        "Homicidio culposo",
        "En accidente de tránsito",
        "9",
        "10",
        "3",
        "11",
        "6",
        "4",
        "6",
        "6",
        "11",
        "6",
        "3",
        "7",
    ],
    [
        "2016",
        "1",
        "Aguascalientes",
        "1001",
        "Aguascalientes",
        LIFE,
        "Homicidio",
        "Homicidio doloso",
        "Con arma de fuego",
        "1",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def refused(path: Path) -> ImportBatch:
    before = counts()
    batch = run(path)
    assert batch.status == Status.REFUSED
    assert counts() == before  # nothing written, not even a new category
    assert batch.rows_written == 0
    assert batch.summary["errors_total"] == len(batch.errors) or len(batch.errors) == 200
    return batch


def where(batch: ImportBatch) -> list[tuple[Any, str, str]]:
    return [(e["line"], e["column"], e["reason"]) for e in batch.errors]


def test_the_good_rows_import(db: None, tmp_path: Path) -> None:
    batch = run(write(tmp_path / "good.csv", NEW_HEADER, GOOD))
    assert batch.status == Status.DONE and batch.rows_written == 3
    (row,) = [row for row in stored_rows() if row.year == 2016]
    assert row.months == [1] + [None] * 11


def test_a_utf16_file_is_refused_as_not_text(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "utf16.csv", NEW_HEADER, GOOD, encoding="utf-16")
    batch = refused(path)
    assert batch.errors[0]["line"] == 1
    assert "not a text file" in batch.errors[0]["reason"]


def test_a_spreadsheet_given_as_a_sesnsp_file_is_refused(db: None, tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    batch = refused(path)
    assert "not a spreadsheet" in batch.errors[0]["reason"]


def test_binary_bytes_in_the_middle_of_a_latin1_file_are_refused_on_their_line(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "nul.csv", NEW_HEADER, GOOD, encoding="latin-1")
    data = path.read_bytes().replace(b"En accidente", b"En acc\x00idente")
    path.write_bytes(data)
    assert where(refused(path))[0][0] == 3


def test_an_empty_file_is_refused(db: None, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "empty" in refused(path).errors[0]["reason"]


def test_missing_columns_are_named(db: None, tmp_path: Path) -> None:
    header = [h for h in NEW_HEADER if h not in ("Modalidad", "Marzo")]
    rows = [[cell for cell, h in zip(row, NEW_HEADER, strict=True) if h not in ("Modalidad", "Marzo")] for row in GOOD]
    batch = refused(write(tmp_path / "missing.csv", header, rows))
    assert where(batch) == [(1, "", "Missing columns: Modalidad, Marzo.")]


def test_a_cieisp_file_imported_as_new_methodology_is_refused_with_the_missing_columns(
    db: None, tmp_path: Path
) -> None:
    batch = refused(write(tmp_path / "cieisp.csv", CIEISP_HEADER, raw_rows("cieisp")[:2]))
    assert "Bien jurídico afectado" in batch.errors[0]["reason"]


def test_non_numeric_and_negative_counts_are_refused_with_line_and_column(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    rows[1][11] = "tres"  # Marzo, line 3
    rows[2][9] = "-1"  # Enero, line 4
    rows[0][20] = "1.5"  # Diciembre, line 2
    batch = refused(write(tmp_path / "counts.csv", NEW_HEADER, rows))
    assert where(batch) == [
        (2, "Diciembre", "The count is not a whole number: 1.5."),
        (3, "Marzo", "The count is not a whole number: tres."),
        (4, "Enero", "A count cannot be negative."),
    ]


def test_an_unknown_municipality_is_refused_with_its_line(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    rows[2][3] = "1099"
    batch = refused(write(tmp_path / "unknown.csv", NEW_HEADER, rows))
    assert where(batch) == [(4, "Cve. Municipio", "Unknown municipality code 01099.")]


def test_a_duplicate_row_names_both_lines(db: None, tmp_path: Path) -> None:
    rows = [*GOOD, list(GOOD[0])]
    rows[3][9] = "7"  # a different figure does not make it another row
    batch = refused(write(tmp_path / "dup.csv", NEW_HEADER, rows))
    assert where(batch) == [(5, "", "Duplicate row: the same year, municipality and crime as line 2.")]


def test_a_duplicate_differing_only_in_case_and_padding_is_still_a_duplicate(db: None, tmp_path: Path) -> None:
    twin = list(GOOD[0])
    twin[3], twin[8] = "01001", "CON ARMA DE FUEGO"
    batch = refused(write(tmp_path / "dup.csv", NEW_HEADER, [*GOOD, twin]))
    assert where(batch)[0][:1] == (5,)


def test_years_out_of_range_are_refused(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    rows[0][0], rows[1][0] = "1989", "2999"
    batch = refused(write(tmp_path / "years.csv", NEW_HEADER, rows))
    assert [(line, column) for line, column, _r in where(batch)] == [(2, "Año"), (3, "Año")]
    assert "1989 is out of range" in batch.errors[0]["reason"]


def test_a_short_row_is_refused_and_a_trailing_delimiter_is_not(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    rows[0] = [*rows[0], ""]  # a trailing delimiter
    rows[1] = rows[1][:-2]
    batch = refused(write(tmp_path / "short.csv", NEW_HEADER, rows))
    assert where(batch) == [(3, "", "Expected 21 columns, found 19.")]


def test_errors_are_capped_and_counted(db: None, tmp_path: Path) -> None:
    rows = [[*GOOD[0][:9], *["x"] * 12] for _ in range(30)]
    batch = refused(write(tmp_path / "many.csv", NEW_HEADER, rows))
    assert len(batch.errors) == 200
    assert batch.summary["errors_total"] == 30 * 12  # every bad cell (rows with errors are not compared)


# Idempotency and revisions --------------------------------------------------------------------


def test_the_same_file_twice_is_the_same_batch_and_changes_nothing(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "good.csv", NEW_HEADER, GOOD)
    first = run(path)
    before = stored_rows()
    again, created = create_batch(kind=Kind.SESNSP_NEW, file_name="renamed.csv", sha256=file_sha256(path))
    assert not created and again == first
    assert run_import_now(again, path=path).status == Status.DONE
    assert stored_rows() == before
    assert ImportBatch.objects.count() == 1


def test_another_file_with_the_same_data_writes_nothing(db: None, tmp_path: Path) -> None:
    run(write(tmp_path / "a.csv", NEW_HEADER, GOOD))
    second = run(write(tmp_path / "b.csv", NEW_HEADER, GOOD, encoding="latin-1", delimiter=";"))
    assert second.status == Status.DONE
    assert second.rows_written == 0
    assert second.summary["unchanged"] == 3 and second.summary["new_rows"] == 0
    assert len(stored_rows()) == 3


def test_a_later_release_adds_a_revision_of_the_changed_rows_only(db: None, tmp_path: Path) -> None:
    first = run(write(tmp_path / "jan.csv", NEW_HEADER, GOOD))
    later = [list(row) for row in GOOD]
    later[2][10] = "0"  # February 2016 now reported: zero
    later[0][9] = "3"  # January 2015 revised
    later.append(
        [
            "2016",
            "1",
            "Aguascalientes",
            "1002",
            "Asientos",
            LIFE,
            "Homicidio",
            "Homicidio doloso",
            "Con arma de fuego",
            "1",
            "1",
            *[""] * 10,
        ]
    )
    second = run(write(tmp_path / "feb.csv", NEW_HEADER, later))

    assert second.status == Status.DONE
    assert second.summary | {"rows_per_year": None, "written_per_year": None} == {
        "rows": 4,
        "reading": "bulk",
        "rows_per_year": None,
        "written_per_year": None,
        "new_rows": 1,
        "revisions": 2,
        "unchanged": 1,
        "new_categories": [],
        "pseudo_municipalities": {},
        "errors_total": 0,
    }
    assert second.rows_written == 3
    doloso_2016 = [
        row
        for row in stored_rows()
        if (row.municipality_id, row.year, row.category.level_3) == ("01001", 2016, "Homicidio doloso")
    ]
    history = [(r.revision, r.is_current, *r.months[:3], r.batch_id) for r in doloso_2016]
    assert history == [(1, False, 1, None, None, first.pk), (2, True, 1, 0, None, second.pk)]
    (culposo,) = [row for row in stored_rows() if row.category.level_3 == "Homicidio culposo"]
    assert (culposo.revision, culposo.is_current, culposo.batch_id) == (1, True, first.pk)

    # And a third release changing the same row again: revision 3, both earlier ones kept.
    third_rows = [list(row) for row in later]
    third_rows[2][11] = "4"
    third = run(write(tmp_path / "mar.csv", NEW_HEADER, third_rows))
    assert third.rows_written == 1
    doloso_2016 = [
        row
        for row in stored_rows()
        if (row.municipality_id, row.year, row.category.level_3) == ("01001", 2016, "Homicidio doloso")
    ]
    assert [(r.revision, r.is_current) for r in doloso_2016] == [(1, False), (2, False), (3, True)]


def test_a_refused_file_given_again_gets_a_new_batch(db: None, tmp_path: Path) -> None:
    # Its refusal may have had an outside cause (e.g. an indicator the Mesa has created since).
    broken = write(tmp_path / "bad.csv", NEW_HEADER, [[*GOOD[0][:9], *["x"] * 12]])
    first = run(broken)
    second = run(broken)
    assert first.status == second.status == Status.REFUSED
    assert first.pk != second.pk


def test_progress_is_reported_in_both_phases_and_recorded_on_the_batch(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("msj.indicators.imports.PROGRESS_EVERY", 2)
    path = write(tmp_path / "good.csv", NEW_HEADER, [*GOOD, *[[str(y), *GOOD[0][1:]] for y in range(2000, 2010)]])
    found, _ = create_batch(kind=Kind.SESNSP_NEW, file_name=path.name, sha256=file_sha256(path))
    seen: list[tuple[str, int, int]] = []
    batch = run_import_now(found, path=path, progress=lambda *args: seen.append(args))
    assert batch.status == Status.DONE and batch.rows_written == 13
    assert seen[0] == ("checking", 0, 13) and seen[-1] == ("writing", 13, 13)
    assert ("checking", 13, 13) in seen and ("writing", 0, 13) in seen
    assert [done for phase, done, _t in seen if phase == "checking"] == sorted(
        done for phase, done, _t in seen if phase == "checking"
    )
    assert (batch.rows_done, batch.rows_total, batch.progress_pct) == (13, 13, 100)
    assert "phase" not in batch.summary
    assert PROGRESS_EVERY == 10_000


# The command ------------------------------------------------------------------------------


def test_the_command_imports_prints_the_summary_and_shows_progress(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "cieisp.csv", CIEISP_HEADER, raw_rows("cieisp"))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_sesnsp", str(path), "--methodology", "cieisp", stdout=out, stderr=err)
    assert "Imported cieisp.csv: 84 rows read, 84 written." in out.getvalue()
    assert '"new_rows": 84' in out.getvalue()
    assert "Writing [##############################] 100% 84/84 rows" in err.getvalue()
    assert_reproduces_the_real_series("cieisp")

    out = io.StringIO()
    call_command("import_sesnsp", str(path), "--methodology", "cieisp", "--quiet", stdout=out, stderr=io.StringIO())
    assert "already imported" in out.getvalue()


def test_the_command_prints_each_error_and_fails(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    rows[1][11] = "tres"
    path = write(tmp_path / "bad.csv", NEW_HEADER, rows)
    err = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("import_sesnsp", str(path), "--quiet", stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == "bad.csv:3:Marzo: The count is not a whole number: tres.\n"
    assert not stored_rows()


def test_a_header_saved_as_mojibake_and_a_month_after_an_empty_one(db: None, tmp_path: Path) -> None:
    # UTF-8 read as CP1252 and saved again as UTF-8: "Año" became "AÃ±o", "tránsito" "trÃ¡nsito".
    header = [h.encode("utf-8").decode("cp1252") for h in NEW_HEADER]
    assert header[0] == "AÃ±o"
    rows = [[cell.encode("utf-8").decode("cp1252") for cell in row] for row in GOOD[:2]]
    rows[0][9:21] = ["", "3", *[""] * 10]  # February reported, January not: kept as they are
    batch = run(write(tmp_path / "mojibake.csv", header, rows))
    assert batch.status == Status.DONE, batch.errors
    assert batch.summary["new_categories"] == []  # "En accidente de tránsito" was recognised
    (row,) = [row for row in stored_rows() if row.category.level_3 == "Homicidio doloso"]
    assert row.months == [None, 3] + [None] * 10
