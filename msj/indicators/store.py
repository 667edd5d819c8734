"""The national store: the SESNSP's municipal counts, one Parquet file per release, read with DuckDB.

The national file holds every municipality of the country — 2.7 million year rows for the new
methodology since 2015 — and grows by a month with each release. It is public data that belongs
to no Mesa, is written only by an import and read mostly in bulk (a state's or the country's
reference, the comparison group of the impact view, the national series). PostgreSQL would spend
minutes inserting and indexing rows a Mesa reads a few hundred of; a columnar file is written in
a second and read back in milliseconds. So:

- each SESNSP import that changes something writes one file, `<kind>-<batch public id>.parquet`
  under settings.INDICATORS_STORE_DIR, holding the rows it brought that were new or different
  (a revision), never the unchanged ones;
- the database says which files count: those of the imports `ImportBatch` records as done with
  rows written. A file nobody recorded (an import that failed after writing it) is never read;
- a row's current figures are those of the latest import that brought it (imports are ordered
  by their primary key); the earlier versions are its revisions, kept in the earlier files.

Columns of every file: batch (the ImportBatch pk), code (the 5-digit INEGI code), category (the
CrimeCategory pk), year, m01..m12 (NULL: the release did not cover the month; missing, not zero).
Pseudo-municipalities (998/999) are counted in the import's summary and not stored.

The directory is under MEDIA_ROOT, so `manage.py backup` copies it with the database (after the
database: a file is written before its import commits and never changed, so every import the
dump records finds its file in the same archive). Without it the national figures must be
imported again from the SESNSP's files.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from msj.indicators.models import MONTH_FIELDS, ImportBatch

SESNSP_KINDS = (ImportBatch.Kind.SESNSP_NEW, ImportBatch.Kind.SESNSP_CIEISP)
# The columns of a file after `batch`, with their DuckDB types.
TYPES = (("code", "VARCHAR"), ("category", "INTEGER"), ("year", "SMALLINT"), *((m, "INTEGER") for m in MONTH_FIELDS))
# The memory DuckDB may use before it spills to its temporary directory: the import of the full
# national file stays under 1 GiB of resident memory with this.
MEMORY_LIMIT = "400MB"


class StoreMissing(RuntimeError):
    """A release the database records as imported has no file: restore the store from backup."""


def store_dir() -> Path:
    return Path(settings.INDICATORS_STORE_DIR)


def release_path(batch: ImportBatch) -> Path:
    return store_dir() / f"{batch.kind}-{batch.public_id}.parquet"


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database (an import's own, for its temporary tables)."""
    spill = Path(tempfile.gettempdir()) / "msj-duckdb"
    db = duckdb.connect(
        config={
            "memory_limit": MEMORY_LIMIT,
            "preserve_insertion_order": False,
            "temp_directory": str(spill),
        }
    )
    db.execute("SET enable_progress_bar = false")  # the commands show their own
    return db


_shared: tuple[int, duckdb.DuckDBPyConnection] | None = None  # (the process that opened it, it)
_shared_lock = threading.Lock()


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor of the process's reading connection (one per thread of use; close it after).

    A process forked from one that had it opens its own: a DuckDB database is never shared
    across processes.
    """
    global _shared
    with _shared_lock:
        if _shared is None or _shared[0] != os.getpid():
            _shared = (os.getpid(), connect())
        return _shared[1].cursor()


def live_files(unit: str) -> list[str]:
    """The files of the imports that count, oldest first; raises StoreMissing when one is gone."""
    batches = ImportBatch.objects.filter(
        kind__in=SESNSP_KINDS, unit=unit, status=ImportBatch.Status.DONE, rows_written__gt=0
    ).order_by("pk")
    paths = [release_path(batch) for batch in batches.only("pk", "kind", "public_id")]
    for path in paths:
        if not path.exists():
            raise StoreMissing(f"The national store lacks {path}: restore it from the backup, or import again.")
    return [str(path) for path in paths]


def _filters(
    categories: Sequence[int],
    codes: Sequence[str] | None = None,
    state: str | None = None,
    years: tuple[int, int] | None = None,
    exclude: Iterable[str] = (),
) -> str:
    """WHERE clauses on the key columns only: they pick rows, never which version of a row is current.

    Values are checked and written into the SQL as literals, so DuckDB can skip a file's row
    groups by their statistics.
    """
    clauses = [f"category IN ({', '.join(str(int(category)) for category in categories)})"]
    if codes is not None:
        clauses.append(f"code IN ({_codes(codes)})")
    if state is not None:
        if not _STATE.fullmatch(state):
            raise ValueError(f"Not a state code: {state!r}")
        clauses.append(f"starts_with(code, '{state}')")
    if years is not None:
        clauses.append(f"year BETWEEN {int(years[0])} AND {int(years[1])}")
    excluded = sorted(set(exclude))
    if excluded:
        clauses.append(f"code NOT IN ({_codes(excluded)})")
    return " AND ".join(clauses)


_CODE = re.compile(r"[0-9]{5}")
_STATE = re.compile(r"[0-9]{2}")


def _codes(codes: Iterable[str]) -> str:
    checked = []
    for code in codes:
        if not _CODE.fullmatch(code):
            raise ValueError(f"Not a municipality code: {code!r}")
        checked.append(f"'{code}'")
    return ", ".join(checked)


def sql_text(value: str | Path) -> str:
    """A string (a file's path) as a SQL literal."""
    return "'" + str(value).replace("'", "''") + "'"


def _listed(files: Sequence[str]) -> str:
    return ", ".join(sql_text(path) for path in files)


def insert(db: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows into a table as one list per column (executemany takes a quarter of a second
    for 2,500 rows; this, 20 ms for the country's 52,000 populations)."""
    if rows:
        columns = [list(column) for column in zip(*rows, strict=True)]
        unnested = ", ".join(f"unnest(${i + 1})" for i in range(len(columns)))
        db.execute(f"INSERT INTO {table} SELECT {unnested}", columns)  # noqa: S608 - our own table names


def typed_columns(types: Iterable[tuple[str, str]]) -> str:
    """Column definitions: `name TYPE, …`."""
    return ", ".join(f"{name} {kind}" for name, kind in types)


def current_sql(files: Sequence[str], where: str = "TRUE") -> str:
    """The current version of each (code, category, year) row among `files` that passes `where`."""
    if len(files) == 1:  # one import's rows are unique by key (its check refused duplicates)
        return f"SELECT * FROM read_parquet([{_listed(files)}]) WHERE {where}"  # noqa: S608
    return (
        f"SELECT * FROM read_parquet([{_listed(files)}]) WHERE {where} "  # noqa: S608 - our own paths and clauses
        "QUALIFY row_number() OVER (PARTITION BY code, category, year ORDER BY batch DESC) = 1"
    )


def current_sums(
    *,
    unit: str,
    categories: Iterable[int],
    codes: Sequence[str] | None = None,
    state: str | None = None,
    years: tuple[int, int] | None = None,
    exclude: Iterable[str] = (),
) -> list[tuple[str, int, list[int | None]]]:
    """(code, year, the twelve monthly sums) of the current rows of the categories.

    A month's sum is NULL only when every row of that place and year has it NULL (not reported).
    """
    categories = list(categories)
    files = live_files(unit)
    if not files or not categories or (codes is not None and not codes):
        return []
    where = _filters(categories, codes, state, years, exclude)
    sums = ", ".join(f"SUM({name})::BIGINT" for name in MONTH_FIELDS)
    sql = f"SELECT code, year, {sums} FROM ({current_sql(files, where)}) GROUP BY code, year ORDER BY code, year"  # noqa: S608
    with cursor() as db:
        rows = db.execute(sql).fetchall()
    return [(code, year, list(months)) for code, year, *months in rows]


def reporting_codes(*, unit: str, categories: Iterable[int], state: str | None = None) -> list[str]:
    """The municipalities with current rows for the categories, in one state or the whole country."""
    categories = list(categories)
    files = live_files(unit)
    if not files or not categories:
        return []
    where = _filters(categories, state=state)
    sql = f"SELECT DISTINCT code FROM read_parquet([{_listed(files)}]) WHERE {where} ORDER BY code"  # noqa: S608
    with cursor() as db:
        return [code for (code,) in db.execute(sql).fetchall()]


def row_versions(
    *,
    unit: str,
    categories: Iterable[int] | None = None,
    codes: Sequence[str] | None = None,
    revised_only: bool = False,
) -> list[tuple[int, str, int, int, int, bool, list[int | None]]]:
    """Every version of the rows (of the categories and codes, when given): (batch, code,
    category, year, revision, is current, months), by year, category, code and revision; with
    `revised_only`, only the rows some later import revised."""
    files = live_files(unit)
    categories = None if categories is None else list(categories)
    if not files or categories == [] or (codes is not None and not codes):
        return []
    where = "TRUE" if categories is None else _filters(categories, codes)
    months = ", ".join(MONTH_FIELDS)
    sql = (
        f"SELECT batch, code, category, year, "  # noqa: S608
        "row_number() OVER (PARTITION BY code, category, year ORDER BY batch) AS revision, "
        "count(*) OVER (PARTITION BY code, category, year) AS versions, "
        f"{months} FROM read_parquet([{_listed(files)}]) WHERE {where}"
    )
    sql = (
        f"SELECT batch, code, category, year, revision, revision = versions, {months} "  # noqa: S608
        f"FROM ({sql}) WHERE versions > {1 if revised_only else 0} ORDER BY year, category, code, revision"
    )
    with cursor() as db:
        rows = db.execute(sql).fetchall()
    return [
        (batch, code, category, year, revision, current, list(values))
        for batch, code, category, year, revision, current, *values in rows
    ]


def write_rows(batch: ImportBatch, rows: Iterable[tuple[str, int, int, Sequence[int | None]]]) -> int:
    """Write (code, category, year, twelve months) rows as the batch's file and record how many.

    For rows that do not come from a file (the real series of the tests and the demo); an
    import writes its file from its own DuckDB tables. Keys must be unique within the batch.
    """
    flat = [(code, category, year, *months) for code, category, year, months in rows]
    target = release_path(batch)
    target.parent.mkdir(parents=True, exist_ok=True)
    with connect() as db:
        db.execute(f"CREATE TEMP TABLE release ({typed_columns(TYPES)})")
        insert(db, "release", flat)
        db.execute(
            f"COPY (SELECT {int(batch.pk)}::INTEGER AS batch, * FROM release) "  # noqa: S608
            f"TO {sql_text(target)} (FORMAT parquet, COMPRESSION zstd)"
        )
    ImportBatch.objects.filter(pk=batch.pk).update(rows_written=len(flat))
    batch.rows_written = len(flat)
    return len(flat)
