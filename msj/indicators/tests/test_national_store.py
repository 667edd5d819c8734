"""The national store and the two readings of a SESNSP file.

The bulk reading (DuckDB) must never accept what the row-by-row check refuses, and must store what
it would have stored: each cell DuckDB's casts would take but our rule does not ("1.5", "+5",
"1e3"…) sends the file to the row-by-row check, which names the error. A file only the row-by-row
check can read (the same code written two ways) imports the same rows. The store's files count
only when the database records their import, and a recorded file that is gone is an error, never
missing data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from msj.indicators import store
from msj.indicators.imports import _parse_count
from msj.indicators.models import ImportBatch
from msj.indicators.testing import stored_rows
from msj.indicators.tests.test_imports_sesnsp import GOOD, NEW_HEADER, run, write

pytestmark = pytest.mark.django_db

Status = ImportBatch.Status


def test_a_clean_file_is_read_in_bulk(db: None, tmp_path: Path) -> None:
    batch = run(write(tmp_path / "good.csv", NEW_HEADER, GOOD))
    assert batch.status == Status.DONE, batch.errors
    assert batch.summary["reading"] == "bulk"
    assert {(row.year, row.category.level_3): row.months for row in stored_rows()} == {
        (2015, "Homicidio doloso"): [2, 0, 1, 1, 0, 1, 1, 0, 2, 1, 0, 1],
        (2015, "Homicidio culposo"): [9, 10, 3, 11, 6, 4, 6, 6, 11, 6, 3, 7],
        (2016, "Homicidio doloso"): [1] + [None] * 11,
    }


@pytest.mark.parametrize(
    "cell", ["1.5", "+5", "1e3", "0x10", "1_000", "0b1", "5.", "-3", "2147483648", "٥", " 7 ", "007", "1 2"]
)
def test_a_count_cell_is_judged_by_the_row_by_row_rule(db: None, tmp_path: Path, cell: str) -> None:
    rows = [list(row) for row in GOOD]
    rows[0][9] = cell
    batch = run(write(tmp_path / "cell.csv", NEW_HEADER, rows))
    expected = _parse_count(cell)
    if isinstance(expected, str):  # the rule refuses it: so must the import, naming the cell
        assert batch.status == Status.REFUSED
        assert [(e["line"], e["column"]) for e in batch.errors] == [(2, "Enero")]
    else:
        assert batch.status == Status.DONE, batch.errors
        assert stored_rows()[0].months[0] == expected


def test_a_code_written_two_ways_is_read_row_by_row_and_stored_the_same(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    rows[1][3] = "01001"  # the others write 1001
    batch = run(write(tmp_path / "mixed.csv", NEW_HEADER, rows))
    assert batch.status == Status.DONE, batch.errors
    assert batch.summary["reading"] == "rows"
    assert {row.municipality_id for row in stored_rows()} == {"01001"} and len(stored_rows()) == 3


def test_the_same_row_written_two_ways_is_a_duplicate(db: None, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD]
    again = list(rows[0])
    again[3] = "01001"
    batch = run(write(tmp_path / "dup.csv", NEW_HEADER, [*rows, again]))
    assert batch.status == Status.REFUSED
    assert batch.errors[0]["line"] == 5 and "line 2" in batch.errors[0]["reason"]


def test_a_file_no_import_records_is_never_read(db: None, tmp_path: Path) -> None:
    batch = run(write(tmp_path / "good.csv", NEW_HEADER, GOOD))
    stray = ImportBatch(kind=batch.kind, unit=batch.unit)  # never saved: as a rolled-back import
    store.release_path(stray).write_bytes(store.release_path(batch).read_bytes())
    assert store.live_files("cases") == [str(store.release_path(batch))]
    assert len(stored_rows()) == 3


def test_a_recorded_file_that_is_gone_is_an_error_not_missing_data(db: None, tmp_path: Path) -> None:
    batch = run(write(tmp_path / "good.csv", NEW_HEADER, GOOD))
    store.release_path(batch).unlink()
    with pytest.raises(store.StoreMissing, match="restore it from the backup"):
        store.live_files("cases")


def big_file(path: Path, *, last_row: list[str] | None = None, encoding: str = "utf-8") -> Path:
    """More than a megabyte of valid rows (every municipality, five crimes, 2015), ASCII only."""
    from msj.indicators.catalogue import catalogue_rows
    from msj.indicators.models import Municipality

    crimes = [levels for levels in catalogue_rows("new") if levels[0].isascii() and levels[3].isascii()][:5]
    rows = [
        ["2015", code[:2], "Estado", code, "Municipio", *levels, *["1"] * 12]
        for code in Municipality.objects.values_list("code", flat=True)
        for levels in crimes
    ]
    if last_row is not None:
        rows.append(last_row)
    write(path, NEW_HEADER, rows, encoding=encoding)
    assert path.stat().st_size > 1 << 20
    return path


def test_a_control_byte_after_the_first_megabyte_refuses_the_file(db: None, tmp_path: Path) -> None:
    path = big_file(tmp_path / "big.csv")
    data = path.read_bytes()
    lines = data.count(b"\n")
    path.write_bytes(data[:-20] + b"\x00" + data[-19:])  # in the last row
    batch = run(path)
    assert batch.status == Status.REFUSED
    assert batch.errors[0]["line"] == lines and "NUL" in batch.errors[0]["reason"]
    assert stored_rows() == []


def test_an_encoding_the_first_megabyte_does_not_show_is_read_right(db: None, tmp_path: Path) -> None:
    # ASCII for a megabyte (a UTF-8 guess), then a Latin-1 "ñ": the whole file is Latin-1.
    last = ["2015", "1", "Aguascalientes", "1001", "Aguascalientes", "Otros bienes", "Otro delito", "Año", "X"]
    path = big_file(tmp_path / "big.csv", last_row=[*last, *["2"] * 12], encoding="latin-1")
    batch = run(path)
    assert batch.status == Status.DONE, batch.errors
    assert batch.summary["reading"] == "rows"
    assert batch.summary["new_categories"] == ["Otros bienes / Otro delito / Año / X"]
