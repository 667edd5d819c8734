"""Imports of indicator data (issue 5 §4): SESNSP municipal files, a Mesa's monthly counts,
CONAPO population and georeferenced incidents.

Every import runs in two passes over the file, never holding it whole in memory:

1. **Check.** Every row is read and validated; nothing is written. Errors are collected as
   `{"file", "line", "column", "reason"}` (line 1 is the header, as a spreadsheet shows it; at
   most MAX_ERRORS are kept, `summary["errors_total"]` has the full count). Any error refuses
   the whole file.
2. **Write.** Inside one transaction the file is read again and only what differs from the
   current figures is written: a changed row becomes a new revision (the old one stays, no
   longer current), an unchanged row writes nothing. The same file twice is found by its
   SHA-256 and changes nothing at all.

Progress is reported as `progress(phase, done, total)` with phase "checking" or "writing".
The batch's `rows_done` follows it so a page can poll it: during the check it is updated with
plain `UPDATE`s (no transaction is open, so other connections see them at once); during the
write, which is one transaction, it is updated through a second connection on PostgreSQL, and
not at all on SQLite (one writer at a time), where the page sees the phase only. The phase is
in `summary["phase"]` while the import runs.

A SESNSP municipal file (2.7 million rows for the country) is checked in bulk first: DuckDB
reads it whole in a couple of seconds and the same rules judge its distinct years, codes and
crime names; only a file that reading cannot vouch for is read row by row (which also names
each error with its line). Its rows go to the national store (store.py), one Parquet file per
import holding what is new or revised, never to the database. DuckDB keeps its memory under
store.MEMORY_LIMIT; the row-by-row reading streams the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import operator
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Generator, Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.accounts.models import User
from msj.indicators import store
from msj.indicators.models import (
    MONTH_FIELDS,
    CountingUnit,
    CrimeCategory,
    ImportBatch,
    Incident,
    Indicator,
    Methodology,
    Municipality,
    Observation,
    Population,
    Source,
)
from msj.mesas.models import Mesa

Kind = ImportBatch.Kind
Status = ImportBatch.Status
Progress = Callable[[str, int, int], None]  # (phase, done, total)

MAX_ERRORS = 200
MIN_YEAR = 1990
MAX_COUNT = 2_147_483_647  # PostgreSQL's integer
PSEUDO_MUNICIPALITIES = ("998", "999")  # "not specified" / "other municipalities" of a state
PROGRESS_EVERY = 10_000  # rows between progress reports
READ_BLOCK = 1 << 20
CHECKING, WRITING = "checking", "writing"
# Bytes that never occur in a text file: NUL and the C0 controls other than tab, LF, VT, FF, CR.
_BINARY_BYTES = bytes([*range(0, 9), *range(14, 32)])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _BINARY_BYTES)
_CP1252_BYTES = bytes(b for b in range(256) if b not in b"\x81\x8d\x8f\x90\x9d")  # all CP1252 decodes
_PLAIN_BYTES = bytes(b for b in _TEXT_BYTES if b in _CP1252_BYTES)
_SMALL_INTS = {str(n): n for n in range(10_000)}
MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


# ---------------------------------------------------------------------------------------------
# Errors


class Refused(Exception):
    """The file cannot be imported; `errors` says where and why."""

    def __init__(self, errors: ErrorList) -> None:
        super().__init__(f"{errors.count} errors")
        self.errors = errors


class ErrorList:
    """Row-level errors of one file, the first MAX_ERRORS kept and all counted."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.items: list[dict[str, Any]] = []
        self.count = 0

    def add(self, line: int | None, column: str, reason: str) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append({"file": self.file_name, "line": line, "column": column, "reason": reason})

    def __bool__(self) -> bool:
        return self.count > 0

    def refuse(self, line: int | None, column: str, reason: str) -> Refused:
        self.add(line, column, reason)
        return Refused(self)


def format_error(error: dict[str, Any]) -> str:
    """One error as a compiler would print it: `file:line:column: reason`."""
    place = [str(error["file"])]
    if error.get("line") is not None:
        place.append(str(error["line"]))
    if error.get("column"):
        place.append(str(error["column"]))
    return f"{':'.join(place)}: {error['reason']}"


# ---------------------------------------------------------------------------------------------
# Reading files: encoding, delimiter, header


def normalise_name(text: str) -> str:
    """A header or label as compared: mojibake repaired, no accents, lower case, one space."""
    text = _repair_mojibake(text.strip().lstrip("\ufeff"))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[._\s]+", " ", text.casefold()).split())


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as CP1252/Latin-1 ("AÃ±o" → "Año"); leave any other text alone."""
    if text.isascii():
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header the template or the source uses, named when it is missing
    names: tuple[str, ...]  # accepted headers, normalised
    required: bool = True


@dataclass
class TextFile:
    path: Path
    encoding: str
    delimiter: str
    lines: int  # physical lines, estimated from the first megabyte for a larger file (for the progress bar)
    mojibake: bool = False  # the header was UTF-8 read as CP1252 and saved again


def sniff_text(path: Path, errors: ErrorList, *, head: bool = False) -> TextFile:
    """Decide how to read a text file: refuse binary files, prefer UTF-8, else CP1252, else Latin-1.

    Latin-1 decodes any byte, so a file is refused when it holds bytes no text file holds
    (NUL and most control characters): UTF-16 files, spreadsheets and archives. With `head`,
    only the first block is looked at: a guess the whole file's sniff must confirm.
    """
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    utf8_ok = cp1252_ok = True
    lines = 0
    last = b""
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            # One translate at C speed keeps only the bytes that need a look: controls no text
            # holds, and the five CP1252 cannot decode.
            unusual = block.translate(None, _PLAIN_BYTES)
            if unusual and unusual.translate(None, _TEXT_BYTES):
                position = next(i for i, byte in enumerate(block) if byte in _BINARY_BYTES)
                line = _lines_before(path, offset) + block.count(b"\n", 0, position) + 1
                raise errors.refuse(
                    line,
                    "",
                    _(
                        "This is not a text file (it holds control bytes such as NUL): save it as CSV, "
                        "in UTF-8 or Latin-1, and try again."
                    ),
                )
            if not offset:  # the first block's lines, for the progress bar's estimate below
                lines = block.count(b"\n")
            offset += len(block)
            last = block[-1:]
            if utf8_ok:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    utf8_ok = False
            if unusual and unusual.translate(None, _CP1252_BYTES):
                cp1252_ok = False
            if head:
                offset = max(offset, path.stat().st_size)  # the estimate of the lines below scales up
                break
        if utf8_ok and not head:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if not last:
        raise errors.refuse(None, "", _("The file is empty."))
    if offset > READ_BLOCK:  # counting a 400 MB file's lines would cost more than the estimate is worth
        lines = lines * offset // READ_BLOCK
    elif last != b"\n":
        lines += 1
    if utf8_ok:
        encoding = "utf-8-sig"
    elif cp1252_ok:
        encoding = "cp1252"
    else:
        encoding = "latin-1"
    with path.open(encoding=encoding, newline="") as handle:
        header = handle.readline()
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if not counts[delimiter]:
        delimiter = ","
    mojibake = any(_repair_mojibake(part) != part for part in header.split(delimiter))
    return TextFile(path, encoding, delimiter, lines, mojibake)


def _lines_before(path: Path, offset: int) -> int:
    """The lines in the first `offset` bytes of the file (to name where a binary byte is)."""
    lines = 0
    with path.open("rb") as handle:
        while offset > 0 and (block := handle.read(min(READ_BLOCK, offset))):
            lines += block.count(b"\n")
            offset -= len(block)
    return lines


def csv_rows(text: TextFile) -> Generator[tuple[int, list[str]]]:
    """Yield (first line of the row, fields) for every non-blank row, the header first."""
    with text.path.open(encoding=text.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=text.delimiter)
        previous = 0
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if fields and any(fields):
                yield line, fields


def xlsx_rows(path: Path) -> Generator[tuple[int, list[str]]]:
    """Yield (row number, cells as text) of the first sheet of a workbook, the header first."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                yield line, cells
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def map_header(header: list[str], columns: tuple[Column, ...], errors: ErrorList) -> dict[str, int]:
    """Find each column by its normalised header; refuse the file naming every missing one."""
    where: dict[str, int] = {}
    names = [normalise_name(cell) for cell in header]
    for column in columns:
        for index, name in enumerate(names):
            if name in column.names:
                where[column.key] = index
                break
    missing = [column.label for column in columns if column.required and column.key not in where]
    if missing:
        raise errors.refuse(1, "", _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return where


def _month_columns(upper: bool) -> tuple[Column, ...]:
    return tuple(
        Column(field, name.upper() if upper else name.capitalize(), (name,))
        for field, name in zip(MONTH_FIELDS, MONTH_NAMES, strict=True)
    )


YEAR_NAMES = ("ano", "anio", "year", "a o")  # "a o": a "ñ" lost to an unknown encoding


def _parse_count(value: str) -> int | str:
    """A count cell as an int, or the reason it is not one."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        number = int(value)
        if number > MAX_COUNT:
            return _("The count is too large.")
        return number
    if value.startswith("-") and value[1:].strip().replace(".", "", 1).isdigit():
        return _("A count cannot be negative.")
    return _("The count is not a whole number: %(value)s.") % {"value": value[:40]}


def _parse_year(value: str, errors: ErrorList, line: int, column: str) -> int | None:
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        errors.add(line, column, _("The year is not a number: %(value)s.") % {"value": value[:40]})
        return None
    year, last = int(value), timezone.localdate().year
    if not MIN_YEAR <= year <= last:
        errors.add(
            line,
            column,
            _("The year %(year)s is out of range (%(first)s–%(last)s).")
            % {"year": year, "first": MIN_YEAR, "last": last},
        )
        return None
    return year


def is_pseudo_municipality(code: str) -> bool:
    """A state's 998 ("not specified") or 999 ("other municipalities"): counted apart, never stored."""
    return code[2:] in PSEUDO_MUNICIPALITIES


def _municipality_code(value: str) -> str | None:
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) <= 5:
        return value.zfill(5)
    return None


# ---------------------------------------------------------------------------------------------
# Progress


class _Tracker:
    """Report progress to the caller and to the batch row, every PROGRESS_EVERY rows."""

    def __init__(self, batch: ImportBatch, callback: Progress | None) -> None:
        self.batch = batch
        self.callback = callback
        self.phase = CHECKING
        self.total = batch.rows_total
        self.next_mark = PROGRESS_EVERY
        # Progress of the write transaction is published through a second connection only when
        # that transaction is the outermost one: inside a caller's transaction the batch row may
        # be locked by it, and the second connection would wait for ever.
        self.side_channel = connection.vendor == "postgresql" and not connection.in_atomic_block
        self._side: BaseDatabaseWrapper | None = None

    def start(self, phase: str, total: int) -> None:
        """Begin a phase; called outside the write transaction (it updates the batch row)."""
        self.phase, self.total, self.next_mark = phase, total, PROGRESS_EVERY
        summary = {**self.batch.summary, "phase": phase}
        ImportBatch.objects.filter(pk=self.batch.pk).update(rows_done=0, rows_total=total, summary=summary)
        if self.callback is not None:
            self.callback(phase, 0, total)

    def tick(self, done: int) -> None:
        if done >= self.next_mark:
            self.next_mark = done + PROGRESS_EVERY
            self._report(done)

    def finish(self, done: int) -> None:
        self._report(done)

    def _report(self, done: int) -> None:
        total = max(self.total, done)
        if self.callback is not None:
            self.callback(self.phase, done, total)
        if self.phase == CHECKING:
            ImportBatch.objects.filter(pk=self.batch.pk).update(rows_done=done, rows_total=total)
        elif self.side_channel:
            self._side_update(done, total)

    def _side_update(self, done: int, total: int) -> None:
        try:
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} SET rows_done = %s, rows_total = %s WHERE id = %s",  # noqa: S608
                    [done, total, self.batch.pk],
                )
        except DatabaseError:  # progress is a courtesy: it never stops an import
            self.side_channel = False

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


# ---------------------------------------------------------------------------------------------
# The importers: one per kind, each reading its rows twice (check, then write)

Record = tuple[int, Hashable, Any]  # (line, duplicate key, parsed row)


class Importer:
    """Read a file's rows, check them, and write what changed. Subclasses say how."""

    columns: tuple[Column, ...] = ()
    duplicate_reason = ""
    accepts_xlsx = False

    def __init__(self, batch: ImportBatch, path: Path) -> None:
        self.batch = batch
        self.path = path
        self.errors = ErrorList(batch.file_name)
        self.checking = True
        self.rows_read = 0
        self.written = 0
        self.summary: dict[str, Any] = {}
        self.text: TextFile | None = None
        self.header: list[str] = []
        self.where: dict[str, int] = {}

    # Reading

    def open(self) -> int:
        """Check the file can be read; return an estimate of its rows."""
        if _is_xlsx(self.path):
            if not self.accepts_xlsx:
                raise self.errors.refuse(None, "", _("This import takes a CSV file, not a spreadsheet."))
            return 0
        self.text = sniff_text(self.path, self.errors)
        return max(self.text.lines - 1, 0)

    def rows(self) -> Generator[tuple[int, list[str]]]:
        """Read and map the header, then return an iterator over the data rows."""
        source: Generator[tuple[int, list[str]]] = (
            csv_rows(self.text) if self.text is not None else xlsx_rows(self.path)
        )
        try:
            first = next(source, None)
            if first is None:
                raise self.errors.refuse(None, "", _("The file has no header row."))
            header = first[1]
            self.header = [_clean(cell) for cell in header]
            self.where = map_header(header, self.columns, self.errors)
        except Refused:
            source.close()
            raise
        except Exception as exc:
            source.close()
            raise self._unreadable(exc) from exc
        return self._data_rows(source, len(header))

    def _unreadable(self, exc: Exception) -> Refused:
        if self.text is None:
            return self.errors.refuse(None, "", _("The spreadsheet could not be read; save it again as XLSX or CSV."))
        return self.errors.refuse(None, "", _("The file could not be read as CSV: %(error)s.") % {"error": exc})

    def _data_rows(self, source: Iterator[tuple[int, list[str]]], width: int) -> Generator[tuple[int, list[str]]]:
        try:
            for line, fields in source:
                self.rows_read += 1
                if len(fields) != width:
                    if len(fields) > width and not any(field.strip() for field in fields[width:]):
                        fields = fields[:width]  # a trailing delimiter
                    elif len(fields) < width and self.text is None:
                        fields = fields + [""] * (width - len(fields))  # a spreadsheet's empty cells
                    else:
                        self.errors.add(
                            line,
                            "",
                            _("Expected %(expected)d columns, found %(found)d.")
                            % {"expected": width, "found": len(fields)},
                        )
                        continue
                yield line, fields
        except (csv.Error, OSError, ValueError, KeyError) as exc:
            raise self._unreadable(exc) from exc

    def cell(self, fields: list[str], key: str) -> str:
        index = self.where.get(key)
        return fields[index].strip() if index is not None else ""

    def label(self, key: str) -> str:
        index = self.where.get(key)
        return self.header[index] if index is not None else ""

    # What subclasses provide

    def prepare(self) -> None:
        """Load what the check needs (known codes, current figures)."""

    def records(self) -> Iterator[Record]:
        """Yield the valid rows, reporting the others to self.errors."""
        raise NotImplementedError

    def write(self, records: Iterator[Record]) -> None:
        """Write the records that change something (inside the transaction)."""
        raise NotImplementedError

    def discard(self) -> None:
        """Undo what the write left outside the database (its transaction rolled back)."""

    def close(self) -> None:
        """Release what the import held."""

    def duplicate_first_lines(self, keys: set[Hashable]) -> dict[Hashable, int]:
        """Find where each duplicated key first appeared (read again, only when there are some)."""
        errors, checking, rows_read = self.errors, self.checking, self.rows_read
        self.errors, self.checking = ErrorList(self.batch.file_name), False
        first: dict[Hashable, int] = {}
        try:
            for line, key, _record in self.records():
                if key in keys and key not in first:
                    first[key] = line
        finally:
            self.errors, self.checking, self.rows_read = errors, checking, rows_read
        return first

    # The two passes

    def check(self, tracker: _Tracker) -> None:
        self.checking = True
        self.rows_read = 0
        tracker.start(CHECKING, self.batch.rows_total)
        seen: set[Hashable] = set()
        duplicates: list[tuple[int, Hashable]] = []
        for line, key, _record in self.records():
            if key in seen:
                duplicates.append((line, key))
            else:
                seen.add(key)
            tracker.tick(self.rows_read)
        del seen
        tracker.finish(self.rows_read)
        if duplicates:
            first = self.duplicate_first_lines({key for _line, key in duplicates})
            for line, key in duplicates:
                self.errors.add(line, "", self.duplicate_reason % {"line": first.get(key, "?")})
        if self.errors:
            raise Refused(self.errors)

    def run_write(self, tracker: _Tracker) -> None:
        """Read the file again and write; the caller holds the transaction."""
        self.checking = False
        self.rows_read = 0

        def ticking() -> Iterator[Record]:
            for record in self.records():
                yield record
                tracker.tick(self.rows_read)
            if self.errors:  # the file or the stored figures changed since the check
                raise Refused(self.errors)

        self.write(ticking())
        tracker.finish(self.rows_read)


# SESNSP municipal files ---------------------------------------------------------------------

_NEW_CATEGORY_BASE = 1 << 30  # categories met in the check but not yet created get ids from here


def _fold_levels(levels: Iterable[str]) -> tuple[str, ...]:
    return tuple(normalise_name(level) for level in levels)


class _Sniffing:
    """sniff_text over the whole file in a thread (bytes.translate and the decoders run while
    DuckDB, which holds no Python lock, reads the same file on the other core)."""

    def __init__(self, path: Path, file_name: str) -> None:
        self.errors = ErrorList(file_name)
        self.text: TextFile | None = None
        self.refused: Refused | None = None
        self.thread = threading.Thread(target=self._run, args=(path,), name="msj-sniff", daemon=True)
        self.thread.start()

    def _run(self, path: Path) -> None:
        try:
            self.text = sniff_text(path, self.errors)
        except Refused as refused:
            self.refused = refused

    def result(self, errors: ErrorList) -> TextFile:
        self.thread.join()
        if self.refused is not None:
            for item in self.refused.errors.items:
                errors.add(item["line"], item["column"], item["reason"])
            raise Refused(errors)
        assert self.text is not None  # noqa: S101
        return self.text


class SesnspImporter(Importer):
    """The SESNSP's national municipal file, one row per year × municipality × crime."""

    methodology: str = Methodology.NEW
    level_keys: tuple[str, ...] = ("level_1", "level_2", "level_3", "level_4")

    def __init__(self, batch: ImportBatch, path: Path) -> None:
        super().__init__(batch, path)
        self.duplicate_reason = _("Duplicate row: the same year, municipality and crime as line %(line)s.")
        self.municipalities: set[str] = set()
        self.known: dict[tuple[str, ...], int] = {}  # folded levels → category id
        self.new_categories: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
        self.pseudo: Counter[str] = Counter()
        self.per_year: Counter[int] = Counter()
        self.db: duckdb.DuckDBPyConnection | None = None  # this import's own DuckDB database
        self.in_bulk = False  # the check read the file with DuckDB: the table `final` holds its rows
        self._sniffing: _Sniffing | None = None  # the whole file's sniff, running beside DuckDB
        self.release: Path | None = None  # the file written into the national store

    def open(self) -> int:
        """Guess how to read the file from its first megabyte; the whole file's sniff (a pass over
        400 MB) runs in a thread while DuckDB reads it (_stage_in_bulk), and has the last word."""
        if _is_xlsx(self.path) or self.path.stat().st_size <= READ_BLOCK:
            return super().open()
        self.text = sniff_text(self.path, self.errors, head=True)
        self._sniffing = _Sniffing(self.path, self.batch.file_name)
        return max(self.text.lines - 1, 0)

    def _whole_text(self) -> TextFile:
        """The whole file's sniff (waiting for it if it is still running); refuses a binary file."""
        if self._sniffing is not None:
            sniffing, self._sniffing = self._sniffing, None
            self.text = sniffing.result(self.errors)
        assert self.text is not None  # noqa: S101
        return self.text

    def prepare(self) -> None:
        self.municipalities = set(Municipality.objects.values_list("code", flat=True))
        self._load_categories()

    def _load_categories(self) -> None:
        self.known = {}
        for pk, *levels in (
            CrimeCategory.objects.filter(methodology=self.methodology)
            .order_by("pk")
            .values_list("pk", "level_1", "level_2", "level_3", "level_4")
        ):
            self.known.setdefault(_fold_levels(levels), pk)

    def _category(self, raw: tuple[str, ...], line: int) -> int | None:
        levels = [_clean(level) for level in raw]
        if self.text is not None and self.text.mojibake:
            levels = [_repair_mojibake(level) for level in levels]
        for key, level in zip(self.level_keys, levels, strict=True):
            if not level:
                self.errors.add(line, self.label(key), _("The crime category is empty."))
                return None
        padded = tuple((levels + ["", "", ""])[:4])  # the CIEISP's three levels leave level_4 empty
        folded = _fold_levels(padded)
        if folded in self.known:
            return self.known[folded]
        if folded not in self.new_categories:
            self.new_categories[folded] = (_NEW_CATEGORY_BASE + len(self.new_categories), padded)
        return self.new_categories[folded][0]

    def records(self) -> Iterator[Record]:
        errors, municipalities, checking = self.errors, self.municipalities, self.checking
        category_cache: dict[tuple[str, ...], int | None] = {}
        small = _SMALL_INTS
        rows = self.rows()
        year_at, code_at = self.where["year"], self.where["municipality"]
        level_at = [self.where[key] for key in self.level_keys]
        month_at = [self.where[field] for field in MONTH_FIELDS]
        year_label, code_label = self.label("year"), self.label("municipality")
        last_year = timezone.localdate().year
        # Per row, the cells are picked and mapped at C speed (itemgetter, map over the small
        # numbers); only a row with a blank or unusual month is read cell by cell.
        pick_levels, pick_months = operator.itemgetter(*level_at), operator.itemgetter(*month_at)
        codes: dict[str, str | None] = {}
        for line, fields in rows:
            ok = True
            year_text = fields[year_at]
            year = small.get(year_text)
            if year is None or not MIN_YEAR <= year <= last_year:
                year = _parse_year(year_text, errors, line, year_label)
                ok = year is not None
            code_text = fields[code_at]
            if code_text in codes:
                code = codes[code_text]
            else:
                code = codes[code_text] = _municipality_code(code_text)
            pseudo = False
            if code is None:
                errors.add(line, code_label, _("Not a municipality code: %(value)s.") % {"value": fields[code_at][:40]})
                ok = False
            elif is_pseudo_municipality(code):
                pseudo = True
            elif code not in municipalities:
                errors.add(line, code_label, _("Unknown municipality code %(code)s.") % {"code": code})
                ok = False
            raw = pick_levels(fields)
            if raw in category_cache:
                category = category_cache[raw]
            else:
                category = category_cache[raw] = self._category(raw, line)
            ok = ok and category is not None
            cells = pick_months(fields)
            months: tuple[int | None, ...] = tuple(map(small.get, cells))
            if None in months:
                months, months_ok = self._months(cells, month_at, line)
                ok = ok and months_ok
            if not ok or code is None or year is None or category is None:
                continue
            if pseudo:
                if checking:
                    self.pseudo[code[:2]] += 1
                continue
            if checking:
                self.per_year[year] += 1
            yield line, (category << 32) | (year << 17) | int(code), (code, category, year, months)

    def _months(self, cells: tuple[str, ...], month_at: list[int], line: int) -> tuple[tuple[int | None, ...], bool]:
        """Read the months cell by cell: blank is missing, anything else must be a count."""
        months: list[int | None] = []
        ok = True
        for value, index in zip(cells, month_at, strict=True):
            if not value.strip():
                months.append(None)
                continue
            parsed = _parse_count(value)
            if isinstance(parsed, str):
                self.errors.add(line, self.header[index], parsed)
                ok = False
            else:
                months.append(parsed)
        return tuple(months), ok

    # The check and the write of a national file, in bulk -------------------------------------
    #
    # The national file has 2.7 million rows: read row by row in Python it takes a minute. DuckDB
    # reads it in two seconds, so the check first lets DuckDB read the whole file (every cell as
    # text), and the rules of this class judge the few distinct values that need judging — the
    # years, the municipality codes, the crime names — while SQL checks the counts cell by cell
    # and looks for duplicates. That reading vouches only for a file it can read whole and finds
    # nothing wrong in; anything else (an odd quoting, a stray value, a duplicate) sends the file
    # to the row-by-row check above, which names every error with its line, or — when the file is
    # fine after all — imports it row by row. Either way the write compares the rows with the
    # current figures of the national store and keeps what is new or revised as this import's file.

    def check(self, tracker: _Tracker) -> None:
        self.checking = True
        tracker.start(CHECKING, self.batch.rows_total)
        self.db = store.connect()
        if self._stage_in_bulk():
            self.in_bulk = True
            tracker.finish(self.rows_read)
            return
        self._close_db()
        self._whole_text()
        super().check(tracker)  # refuses with each row's errors, or passes a file DuckDB could not read
        self.db = store.connect()

    def _stage_in_bulk(self) -> bool:
        """Read and check the file with DuckDB into the table `final`; False when it cannot vouch for it.

        One pass keeps each row's year and code as written, its crime as a category when the
        catalogue writes its names the same way, and its counts cast to integers. The Python rules
        then judge each distinct year, code and unmatched crime name; the tables `years` and
        `codes` map each as written to the one it stands for (the view `keyed` applies them). A
        file in which two ways of writing name the same code or year (8037 and 08037) is left to
        the row-by-row check, so that duplicates can be looked for on the cells as written.
        """
        assert self.text is not None and self.db is not None  # noqa: S101 - a SESNSP file is a CSV
        db, text = self.db, self.text
        self.rows().close()  # maps the header (and refuses a file without the columns)
        names = {key: f"r.c{index}" for key, index in self.where.items()}
        levels = [names[key] for key in self.level_keys]
        db.execute(f"CREATE TEMP TABLE known ({', '.join(f'l{i} VARCHAR' for i in range(4))}, id INTEGER)")
        store.insert(db, "known", self._known_texts())
        matched = " AND ".join(f"{column} = k.l{i}" for i, column in enumerate(levels))
        unmatched = ", ".join(
            f"CASE WHEN k.id IS NULL THEN {levels[i] if i < len(levels) else repr('')} END AS l{i}" for i in range(4)
        )
        months = [names[field] for field in MONTH_FIELDS]
        casts = ", ".join(f"TRY_CAST({m} AS INTEGER) AS {field}" for m, field in zip(months, MONTH_FIELDS, strict=True))
        # A count is digits (and spaces around them): TRY_CAST alone would also take "1.5", "1e3", "+5".
        counts_ok = " AND ".join(f"({m} IS NULL OR TRY_CAST({m} AS INTEGER) IS NOT NULL)" for m in months)
        digits_only = f"length(translate(concat({', '.join(months)}), '0123456789 ', '')) = 0"
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(self.header))) + "}"
        encoding = "utf-8" if text.encoding.startswith("utf-8") else "latin-1"
        try:
            db.execute(
                f"""CREATE TEMP TABLE final AS
                SELECT {names["year"]} AS year_text, {names["municipality"]} AS code_text,
                    k.id AS category, {unmatched}, {casts}, {counts_ok} AND {digits_only} AS ok
                FROM read_csv({store.sql_text(self.path)}, header = false, skip = 1,
                    delim = {store.sql_text(text.delimiter)}, quote = '"',
                    escape = '"', encoding = '{encoding}', columns = {columns}, strict_mode = true,
                    auto_detect = false, null_padding = false) r
                LEFT JOIN known k ON {matched}"""  # noqa: S608 - our own file name and column names
            )
        except duckdb.Error:
            return False
        finally:
            guessed = text.encoding
            text = self._whole_text()  # refuses a binary file, wherever its first control byte is
        if text.encoding != guessed:  # the first megabyte did not tell the whole file's encoding
            return False
        rows, bad = db.execute("SELECT count(*), count(*) FILTER (WHERE NOT ok) FROM final").fetchone() or (0, 0)
        if bad or not rows:
            return False
        cells = db.execute("SELECT year_text, code_text, count(*) FROM final GROUP BY ALL").fetchall()
        years = self._judge_years({year for year, _code, _n in cells})
        codes = self._judge_codes({code for _year, code, _n in cells})
        crimes = self._judge_crimes(
            db.execute("SELECT DISTINCT l0, l1, l2, l3 FROM final WHERE category IS NULL").fetchall()
        )
        if years is None or codes is None or crimes is None:
            return False
        if len(set(years.values())) < len(years) or len({code for code, _p in codes.values()}) < len(codes):
            return False  # one year or code written two ways: duplicates need the row-by-row check
        db.execute("CREATE TEMP TABLE years (year_text VARCHAR, year SMALLINT)")
        store.insert(db, "years", list(years.items()))
        db.execute("CREATE TEMP TABLE codes (code_text VARCHAR, code VARCHAR, pseudo BOOLEAN)")
        store.insert(db, "codes", [(text, code, pseudo) for text, (code, pseudo) in codes.items()])
        if crimes:
            db.execute("CREATE TEMP TABLE crimes (l0 VARCHAR, l1 VARCHAR, l2 VARCHAR, l3 VARCHAR, id INTEGER)")
            store.insert(db, "crimes", crimes)
            same = " AND ".join(f"final.l{i} IS NOT DISTINCT FROM u.l{i}" for i in range(4))
            db.execute(f"UPDATE final SET category = u.id FROM crimes u WHERE final.category IS NULL AND {same}")  # noqa: S608
        duplicated = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM final GROUP BY code_text, category, year_text HAVING count(*) > 1)"
        ).fetchone()
        if duplicated and duplicated[0]:  # (the row-by-row check lets duplicated pseudo-municipalities pass)
            return False
        self.rows_read = rows
        for year_text, code_text, n in cells:
            code, pseudo = codes[code_text]
            if pseudo:
                self.pseudo[code[:2]] += n
            else:
                self.per_year[years[year_text]] += n
        # The rows as the store keeps them.
        db.execute(
            f"""CREATE TEMP VIEW keyed AS
            SELECT c.code, f.category, y.year, {", ".join(f"f.{m}" for m in MONTH_FIELDS)}, c.pseudo
            FROM final f JOIN codes c ON c.code_text = f.code_text JOIN years y ON y.year_text = f.year_text"""  # noqa: S608
        )
        return True

    def _known_texts(self) -> list[tuple[Any, ...]]:
        """The stored crime names as files write them, each with the category `_category` gives it."""
        rows = CrimeCategory.objects.filter(methodology=self.methodology).values_list(
            "level_1", "level_2", "level_3", "level_4"
        )
        width = len(self.level_keys)
        return [(*levels[:width], *[""] * (4 - width), self.known[_fold_levels(levels)]) for levels in rows]

    def _judge_years(self, texts: set[str | None]) -> dict[str, int] | None:
        """Each distinct year as written, by the row-by-row rule; None when one is not a valid year."""
        judged: dict[str, int] = {}
        errors = ErrorList(self.batch.file_name)
        for text in texts:
            if text is None or (year := _parse_year(text, errors, 0, "")) is None:
                return None
            judged[text] = year
        return judged

    def _judge_codes(self, texts: set[str | None]) -> dict[str, tuple[str, bool]] | None:
        """Each distinct code as written: (the code, whether a pseudo-municipality); None when one is unknown."""
        judged = {}
        for text in texts:
            code = _municipality_code(text) if text is not None else None
            if code is None:
                return None
            pseudo = is_pseudo_municipality(code)
            if not pseudo and code not in self.municipalities:
                return None
            judged[text] = (code, pseudo)
        return judged  # type: ignore[return-value]

    def _judge_crimes(self, texts: list[tuple[str | None, ...]]) -> list[tuple[Any, ...]] | None:
        """Crime names the stored ones did not match as written: told apart by `_category` (accents,
        case, spaces, encoding), each an existing category or a new one."""
        judged, errors = [], self.errors
        self.errors = ErrorList(self.batch.file_name)
        try:
            for raw in texts:
                levels = tuple(level or "" for level in raw[: len(self.level_keys)])
                if self.text is not None and self.text.encoding == "cp1252":
                    levels = tuple(level.encode("latin-1").decode("cp1252") for level in levels)  # read as Latin-1
                category = self._category(levels, 0)
                if category is None or self.errors:
                    return None
                judged.append((*raw, category))
        finally:
            self.errors = errors
        return judged

    def run_write(self, tracker: _Tracker) -> None:
        assert self.db is not None  # noqa: S101
        self.checking = False
        if not self.in_bulk:
            self.rows_read = 0
            self._stage_row_by_row(tracker)
        self._create_new_categories()
        if connection.vendor == "postgresql":
            # One national import writes at a time: each compares with what the others stored.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])
        self._write_release()
        tracker.finish(self.rows_read)

    def _stage_row_by_row(self, tracker: _Tracker) -> None:
        """The table `final` from the rows as the row-by-row check reads them (a file DuckDB refused)."""
        assert self.db is not None  # noqa: S101
        with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for _line, _key, (code, category, year, months) in self.records():
                writer.writerow((code, category, year, *("" if m is None else m for m in months)))
                tracker.tick(self.rows_read)
            if self.errors:  # the file changed since the check
                raise Refused(self.errors)
            handle.flush()
            # Streamed through a file: the national file's 2.7 million records would not fit in lists.
            columns = ", ".join(f"'{name}': '{kind}'" for name, kind in store.TYPES)
            self.db.execute(
                f"CREATE TEMP TABLE final AS SELECT *, false AS pseudo FROM read_csv({store.sql_text(handle.name)}, "  # noqa: S608
                f"header = false, columns = {{{columns}}}, auto_detect = false)"
            )
            self.db.execute("CREATE TEMP VIEW keyed AS SELECT * FROM final")

    def _create_new_categories(self) -> None:
        if not self.new_categories:
            return
        assert self.db is not None  # noqa: S101
        CrimeCategory.objects.bulk_create(
            [
                CrimeCategory(methodology=self.methodology, level_1=a, level_2=b, level_3=c, level_4=d)
                for _id, (a, b, c, d) in self.new_categories.values()
            ],
            ignore_conflicts=True,
        )
        self._load_categories()
        for folded, (provisional, _levels) in self.new_categories.items():
            self.db.execute("UPDATE final SET category = ? WHERE category = ?", [self.known[folded], provisional])

    def _write_release(self) -> None:
        """Keep the rows that are new or differ from the current figures as this import's file."""
        assert self.db is not None  # noqa: S101
        db = self.db
        files = store.live_files(self.batch.unit)
        if files:
            years = ", ".join(str(year) for year in self.per_year) or "NULL"
            current = store.current_sql(files, f"year IN ({years})")
            changed = " OR ".join(f"f.{field} IS DISTINCT FROM c.{field}" for field in MONTH_FIELDS)
            db.execute(
                f"""CREATE TEMP TABLE delta AS
                SELECT f.*, c.code IS NULL AS is_new FROM keyed f
                LEFT JOIN ({current}) c ON c.code = f.code AND c.category = f.category AND c.year = f.year
                WHERE NOT f.pseudo AND (c.code IS NULL OR {changed})"""  # noqa: S608
            )
            new, revised = db.execute(
                "SELECT count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new) FROM delta"
            ).fetchone() or (0, 0)
            written_per_year = dict(db.execute("SELECT year, count(*) FROM delta GROUP BY year").fetchall())
            rows = "delta"
        else:  # the first release: every row is new
            new, revised, written_per_year, rows = sum(self.per_year.values()), 0, dict(self.per_year), "keyed"
        if new or revised:
            target = store.release_path(self.batch)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            selected = ", ".join(f"{column}::{kind} AS {column}" for column, kind in store.TYPES)
            # Unsorted: a file of the national release is 7 MB, read whole as fast as by row groups.
            db.execute(
                f"COPY (SELECT {self.batch.pk}::INTEGER AS batch, {selected} FROM {rows} WHERE NOT pseudo) "  # noqa: S608
                f"TO {store.sql_text(partial)} (FORMAT parquet, COMPRESSION zstd)"
            )
            os.replace(partial, target)
            self.release = target
        self.written = new + revised
        states = dict(Municipality.objects.values_list("state_code", "state_name").distinct())
        self.summary = {
            "rows": self.rows_read,
            # How the check read the file: "bulk" (DuckDB) or "rows" (row by row: a file it could not vouch for).
            "reading": "bulk" if self.in_bulk else "rows",
            "rows_per_year": {str(year): n for year, n in sorted(self.per_year.items())},
            "written_per_year": {str(year): n for year, n in sorted(written_per_year.items())},
            "new_rows": new,
            "revisions": revised,
            "unchanged": sum(self.per_year.values()) - new - revised,
            "new_categories": [
                " / ".join(level for level in levels if level) for _id, levels in self.new_categories.values()
            ],
            "pseudo_municipalities": {
                code: {"state": states.get(code, ""), "rows": n} for code, n in sorted(self.pseudo.items())
            },
        }

    def discard(self) -> None:
        """Forget a release file whose import did not commit, and the DuckDB database."""
        if self.release is not None:
            self.release.unlink(missing_ok=True)
            self.release = None
        self._close_db()

    def close(self) -> None:
        self._close_db()

    def _close_db(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class CieispImporter(SesnspImporter):
    methodology = Methodology.CIEISP
    level_keys = ("level_1", "level_2", "level_3")


STORE_LOCK = 0x6D736A5F6E6174  # "msj_nat": the advisory lock national imports take to write one at a time


SESNSP_NEW_COLUMNS = (
    Column("year", "Año", YEAR_NAMES),
    Column("municipality", "Cve. Municipio", ("cve municipio", "clave municipio", "cve mun", "clave mun", "inegi")),
    Column("level_1", "Bien jurídico afectado", ("bien juridico afectado", "bien juridico")),
    Column("level_2", "Tipo de delito", ("tipo de delito", "tipo")),
    Column("level_3", "Subtipo de delito", ("subtipo de delito", "subtipo")),
    Column("level_4", "Modalidad", ("modalidad",)),
    *_month_columns(upper=False),
)
CIEISP_COLUMNS = (
    Column("year", "AÑO", YEAR_NAMES),
    Column("municipality", "INEGI", ("inegi", "clave inegi", "cve municipio", "clave municipio")),
    Column("level_1", "MODALIDAD", ("modalidad",)),
    Column("level_2", "TIPO", ("tipo", "tipo de delito")),
    Column("level_3", "SUBTIPO", ("subtipo", "subtipo de delito")),
    *_month_columns(upper=True),
)
SesnspImporter.columns = SESNSP_NEW_COLUMNS
CieispImporter.columns = CIEISP_COLUMNS


# A Mesa's monthly counts ----------------------------------------------------------------------

COUNTS_COLUMNS = (
    Column("indicator", "indicador", ("indicador", "indicator")),
    Column("year", "año", YEAR_NAMES),
    Column("month", "mes", ("mes", "month")),
    Column("count", "conteo", ("conteo", "count", "casos")),
    Column("source", "fuente", ("fuente", "source"), required=False),
    Column("source_name", "nombre_fuente", ("nombre fuente", "source name"), required=False),
)
COUNTS_TEMPLATE_HEADER = ["indicador", "año", "mes", "conteo", "fuente", "nombre_fuente"]

SOURCE_ALIASES = {
    "sesnsp": Source.SESNSP,
    "prosecutor": Source.PROSECUTOR,
    "state prosecutor": Source.PROSECUTOR,
    "fiscalia": Source.PROSECUTOR,
    "fiscalia estatal": Source.PROSECUTOR,
    "fiscalia general del estado": Source.PROSECUTOR,
    "inegi": Source.INEGI,
    "observatory": Source.OBSERVATORY,
    "citizen observatory": Source.OBSERVATORY,
    "observatorio": Source.OBSERVATORY,
    "observatorio ciudadano": Source.OBSERVATORY,
    "press": Source.PRESS,
    "prensa": Source.PRESS,
    "other": Source.OTHER,
    "otra": Source.OTHER,
    "otro": Source.OTHER,
}


def parse_source(value: str) -> str | None:
    """A source by its value or a Spanish or English name ("fiscalía" → prosecutor)."""
    return SOURCE_ALIASES.get(normalise_name(value))


class CountsImporter(Importer):
    """The template a prosecutor or observatory fills: one month of one indicator per row."""

    columns = COUNTS_COLUMNS
    accepts_xlsx = True

    def __init__(self, batch: ImportBatch, path: Path) -> None:
        super().__init__(batch, path)
        self.duplicate_reason = _("Duplicate row: the same indicator, month and source as line %(line)s.")
        self.indicators: dict[str, int] = {}
        self.current: dict[tuple[int, str, str, int, int], tuple[int, int]] = {}

    def prepare(self) -> None:
        assert self.batch.mesa is not None  # noqa: S101 - start_import requires it
        self.indicators = dict(Indicator.objects.filter(mesa=self.batch.mesa).values_list("slug", "pk"))

    def records(self) -> Iterator[Record]:
        errors = self.errors
        today = timezone.localdate()
        for line, fields in self.rows():
            ok = True
            slug = self.cell(fields, "indicator")
            indicator = self.indicators.get(slug) or self.indicators.get(slug.lower())
            if indicator is None:
                errors.add(
                    line, self.label("indicator"), _("This Mesa has no indicator %(slug)s.") % {"slug": slug[:60]}
                )
                ok = False
            year = _parse_year(self.cell(fields, "year"), errors, line, self.label("year"))
            month_text = self.cell(fields, "month")
            month = _SMALL_INTS.get(month_text.lstrip("0") or month_text)
            if month is None and normalise_name(month_text) in MONTH_NAMES:
                month = MONTH_NAMES.index(normalise_name(month_text)) + 1
            if month is None or not 1 <= month <= 12:
                errors.add(line, self.label("month"), _("The month must be a number from 1 to 12."))
                ok = False
            elif year is not None and (year, month) > (today.year, today.month):
                errors.add(line, self.label("month"), _("This month has not ended yet."))
                ok = False
            count_text = self.cell(fields, "count")
            count: int | str = _parse_count(count_text) if count_text else _("The count is empty.")
            if isinstance(count, str):
                errors.add(line, self.label("count"), count)
                ok = False
            source_text = self.cell(fields, "source")
            source = parse_source(source_text) if source_text else self.batch.source
            if source is None:
                errors.add(line, self.label("source"), _("Unknown source %(value)s.") % {"value": source_text[:40]})
                ok = False
            elif source == Source.SESNSP:
                errors.add(
                    line,
                    self.label("source") or self.label("indicator"),
                    _("SESNSP figures come from its national file, not from this template."),
                )
                ok = False
            source_name = _clean(self.cell(fields, "source_name")) if source_text else self.batch.source_name
            if len(source_name) > 200:
                errors.add(line, self.label("source_name"), _("The source name is too long (200 characters at most)."))
                ok = False
            if not ok or indicator is None or year is None or month is None or isinstance(count, str) or not source:
                continue
            key = (indicator, source, source_name, year, month)
            yield line, key, (key, count)

    def write(self, records: Iterator[Record]) -> None:
        assert self.batch.mesa is not None  # noqa: S101
        current: dict[Hashable, tuple[int, int]] = {}
        for indicator, source, source_name, year, month, revision, count in (
            Observation.objects.filter(indicator__mesa=self.batch.mesa)
            .order_by("revision")
            .values_list("indicator_id", "source", "source_name", "year", "month", "revision", "count")
        ):
            current[(indicator, source, source_name, year, month)] = (revision, count)
        new: list[Observation] = []
        revised = unchanged = 0
        for _line, _key, (key, count) in records:
            indicator, source, source_name, year, month = key
            stored = current.get(key)
            if stored is not None and stored[1] == count:
                unchanged += 1
                continue
            if stored is not None:
                revised += 1
            new.append(
                Observation(
                    indicator_id=indicator,
                    source=source,
                    source_name=source_name,
                    year=year,
                    month=month,
                    count=count,
                    revision=stored[0] + 1 if stored else 1,
                    batch=self.batch,
                )
            )
        Observation.objects.bulk_create(new, batch_size=1_000)
        self.written = len(new)
        self.summary = {
            "rows": self.rows_read,
            "new_rows": len(new) - revised,
            "revisions": revised,
            "unchanged": unchanged,
        }


def counts_template(*, mesa: Mesa, xlsx: bool = False) -> bytes:
    """The blank monthly-counts template for a Mesa: its header and one example row.

    Columns: indicador (the slug of one of the Mesa's indicators), año, mes (1–12), conteo (a
    whole number ≥ 0; leave a month out rather than writing 0 when it is unknown), fuente
    (prosecutor/fiscalía, inegi, observatory/observatorio, press/prensa, other/otra; empty: the
    source chosen for the import) and nombre_fuente (e.g. "Fiscalía General del Estado").
    The XLSX version adds a second sheet listing the Mesa's indicators and the sources.
    """
    slugs = list(Indicator.objects.filter(mesa=mesa).values_list("slug", flat=True))
    today = timezone.localdate()
    last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    example = [slugs[0] if slugs else "homicidio-doloso", last_month[0], last_month[1], 0, "fiscalia", ""]
    if not xlsx:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COUNTS_TEMPLATE_HEADER)
        writer.writerow(example)
        return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the accents
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101
    sheet.title = "conteos"
    sheet.append(COUNTS_TEMPLATE_HEADER)
    sheet.append(example)
    help_sheet = workbook.create_sheet("ayuda")
    help_sheet.append(["indicador"])
    for slug in slugs:
        help_sheet.append([slug])
    help_sheet.append([])
    help_sheet.append(["fuente"])
    for value in ("fiscalia", "inegi", "observatorio", "prensa", "otra"):
        help_sheet.append([value])
    buffer_bytes = io.BytesIO()
    workbook.save(buffer_bytes)
    return buffer_bytes.getvalue()


# CONAPO population ----------------------------------------------------------------------------

POPULATION_COLUMNS = (
    Column("population", "Population", ("population", "poblacion")),
    Column("code", "Code", ("code", "clave", "cvegeo", "clave inegi", "inegi")),
    Column("sex", "Sex", ("sex", "sexo"), required=False),
    Column("year", "Year", YEAR_NAMES),
)
_TOTAL = ("total", "ambos", "ambos sexos")


class PopulationImporter(Importer):
    """CONAPO mid-year projections by municipality; a vintage's figures never change."""

    columns = POPULATION_COLUMNS

    def __init__(self, batch: ImportBatch, path: Path) -> None:
        super().__init__(batch, path)
        self.duplicate_reason = _("Duplicate row: the same municipality and year as line %(line)s.")
        self.municipalities: set[str] = set()
        self.stored: dict[tuple[str, int], int] = {}
        self.other_sex = 0

    def prepare(self) -> None:
        self.municipalities = set(Municipality.objects.values_list("code", flat=True))
        self.stored = self._stored()

    def _stored(self) -> dict[tuple[str, int], int]:
        return {
            (code, year): population
            for code, year, population in Population.objects.filter(vintage=self.batch.vintage).values_list(
                "municipality_id", "year", "population"
            )
        }

    def records(self) -> Iterator[Record]:
        errors = self.errors
        # The country has 2,465 codes and three sexes: each distinct cell is judged once.
        is_total: dict[str, bool] = {}
        codes: dict[str, str | None] = {}
        rows = self.rows()  # maps the header
        sex_at = self.where.get("sex")
        code_at, year_at, population_at = self.where["code"], self.where["year"], self.where["population"]
        for line, fields in rows:
            if sex_at is not None:
                sex = fields[sex_at]
                total = is_total.get(sex)
                if total is None:
                    total = is_total[sex] = normalise_name(sex) in _TOTAL
                if not total:
                    if self.checking:
                        self.other_sex += 1
                    continue
            ok = True
            code_text = fields[code_at].strip()
            code = (
                codes[code_text] if code_text in codes else codes.setdefault(code_text, _municipality_code(code_text))
            )
            if code is None or code not in self.municipalities:
                errors.add(
                    line,
                    self.label("code"),
                    _("Unknown municipality code %(code)s.") % {"code": self.cell(fields, "code")[:40]},
                )
                ok = False
            year = _SMALL_INTS.get(fields[year_at].strip())
            if year is None or not 1950 <= year <= 2100:
                errors.add(line, self.label("year"), _("The year is not a number from 1950 to 2100."))
                ok = False
            population = _parse_count(fields[population_at])
            if isinstance(population, str) or population == 0:
                errors.add(line, self.label("population"), _("The population must be a whole number above zero."))
                ok = False
            if not ok or code is None or year is None or isinstance(population, str):
                continue
            stored = self.stored.get((code, year))
            if stored is not None and stored != population:
                errors.add(
                    line,
                    self.label("population"),
                    _(
                        "The vintage %(vintage)s already has %(stored)s for this municipality and year; "
                        "a vintage never changes: import this file as a new vintage."
                    )
                    % {"vintage": self.batch.vintage, "stored": stored},
                )
                continue
            yield line, (code, year), (code, year, population)

    def write(self, records: Iterator[Record]) -> None:
        self.stored = self._stored()  # what another import may have added since the check
        new: list[tuple[str, int, int]] = []
        unchanged = 0
        years: set[int] = set()
        for _line, _key, (code, year, population) in records:
            if (code, year) in self.stored:
                unchanged += 1
                continue
            years.add(year)
            new.append((code, year, population))
        self._copy_in(new)
        self.written = len(new)
        self.summary = {
            "rows": self.rows_read,
            "vintage": self.batch.vintage,
            "new_rows": self.written,
            "unchanged": unchanged,
            "other_sex_rows_skipped": self.other_sex,
            "years": [min(years), max(years)] if years else [],
        }

    def _copy_in(self, rows: list[tuple[str, int, int]]) -> None:
        """COPY on PostgreSQL (a tenth of the time of INSERTs for the country's 52,000 figures)."""
        vintage = self.batch.vintage
        if connection.vendor != "postgresql":
            Population.objects.bulk_create(
                (Population(municipality_id=c, vintage=vintage, year=y, population=n) for c, y, n in rows),
                batch_size=1_000,
            )
            return
        meta = Population._meta
        fields = [meta.get_field(name) for name in ("municipality", "vintage", "year", "population")]
        names = ", ".join(str(field.column) for field in fields)  # type: ignore[union-attr]
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor  # psycopg's own cursor
            with raw.copy(f"COPY {meta.db_table} ({names}) FROM STDIN") as copy:
                for code, year, population in rows:
                    copy.write_row((code, vintage, year, population))


# Georeferenced incidents ----------------------------------------------------------------------

INCIDENT_COLUMNS = (
    Column("date", "fecha", ("fecha", "date")),
    Column("category", "categoria", ("categoria", "category", "delito")),
    Column("latitude", "latitud", ("latitud", "latitude", "lat")),
    Column("longitude", "longitud", ("longitud", "longitude", "lon", "lng")),
    Column("link", "enlace", ("enlace", "link", "url", "fuente"), required=False),
)
LATITUDE = (Decimal(14), Decimal(33))  # the bounding box of the model's constraint
LONGITUDE = (Decimal(-119), Decimal(-86))
_FIVE_PLACES = Decimal("0.00001")


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def _parse_coordinate(value: str, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        return None
    return number.quantize(_FIVE_PLACES, rounding=ROUND_HALF_UP)


class IncidentsImporter(Importer):
    """Incidents of a citizen map or the press: date, category, place, link."""

    columns = INCIDENT_COLUMNS

    def __init__(self, batch: ImportBatch, path: Path) -> None:
        super().__init__(batch, path)
        self.duplicate_reason = _("Duplicate incident: the same date, category, place and link as line %(line)s.")
        self.url = URLValidator(schemes=["http", "https"])

    def records(self) -> Iterator[Record]:
        errors = self.errors
        today = timezone.localdate()
        for line, fields in self.rows():
            ok = True
            date = _parse_date(self.cell(fields, "date"))
            if date is None:
                errors.add(line, self.label("date"), _("The date must be written 2024-03-31 or 31/03/2024."))
                ok = False
            elif not dt.date(MIN_YEAR, 1, 1) <= date <= today:
                errors.add(
                    line, self.label("date"), _("The date is out of range (%(first)s to today).") % {"first": MIN_YEAR}
                )
                ok = False
            category = _clean(self.cell(fields, "category"))
            if not category or len(category) > 120:
                errors.add(line, self.label("category"), _("The category must have 1 to 120 characters."))
                ok = False
            latitude = _parse_coordinate(self.cell(fields, "latitude"), LATITUDE)
            if latitude is None:
                errors.add(line, self.label("latitude"), _("The latitude is not a number inside Mexico (14 to 33)."))
                ok = False
            longitude = _parse_coordinate(self.cell(fields, "longitude"), LONGITUDE)
            if longitude is None:
                errors.add(
                    line, self.label("longitude"), _("The longitude is not a number inside Mexico (−119 to −86).")
                )
                ok = False
            link = self.cell(fields, "link")
            if link:
                try:
                    if len(link) > 500:
                        raise ValidationError("too long")
                    self.url(link)
                except ValidationError:
                    errors.add(line, self.label("link"), _("The link must be a web address (http or https)."))
                    ok = False
            if not ok:
                continue
            key = (date, category, latitude, longitude, link)
            yield line, key, key

    def write(self, records: Iterator[Record]) -> None:
        assert self.batch.mesa is not None  # noqa: S101
        stored = set(
            Incident.objects.filter(mesa=self.batch.mesa).values_list(
                "occurred_on", "category", "latitude", "longitude", "source_url"
            )
        )
        new: list[Incident] = []
        skipped = 0
        for _line, _key, (date, category, latitude, longitude, link) in records:
            if (date, category, latitude, longitude, link) in stored:
                skipped += 1
                continue
            new.append(
                Incident(
                    mesa=self.batch.mesa,
                    occurred_on=date,
                    category=category,
                    latitude=latitude,
                    longitude=longitude,
                    source_url=link,
                    batch=self.batch,
                )
            )
        Incident.objects.bulk_create(new, batch_size=1_000)
        self.written = len(new)
        self.summary = {"rows": self.rows_read, "new_rows": len(new), "already_stored": skipped}


IMPORTERS: dict[str, type[Importer]] = {
    Kind.SESNSP_NEW: SesnspImporter,
    Kind.SESNSP_CIEISP: CieispImporter,
    Kind.COUNTS: CountsImporter,
    Kind.POPULATION: PopulationImporter,
    Kind.INCIDENTS: IncidentsImporter,
}
MESA_KINDS = (Kind.COUNTS, Kind.INCIDENTS)


# ---------------------------------------------------------------------------------------------
# The public functions


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def stored_path(batch: ImportBatch) -> Path:
    """Where an uploaded file waits for the worker: MEDIA_ROOT/imports/<sha256><suffix>.

    Never served: MEDIA_ROOT is not published, and the name is the content's hash.
    """
    suffix = Path(batch.file_name).suffix.lower()[:10]
    if not re.fullmatch(r"\.[a-z0-9]{0,9}", suffix):
        suffix = ""
    return Path(settings.MEDIA_ROOT) / "imports" / f"{batch.sha256}{suffix}"


# The longest an import may run: the national file takes a few minutes on a 2-core server; a batch
# still "running" after this lost its worker (a restart, a kill) and is refused so it can be retried.
STALLED_AFTER = dt.timedelta(hours=6)


def recover_stalled_imports(*, now: dt.datetime | None = None) -> int:
    """Refuse the batches that have been running for longer than STALLED_AFTER; return how many.

    Nothing of theirs was written (the write is one transaction, rolled back with its worker).
    """
    cutoff = (now or timezone.now()) - STALLED_AFTER
    stalled = ImportBatch.objects.filter(status=Status.RUNNING, created_at__lt=cutoff)
    reason = _("The import stopped before finishing (its worker ended); nothing was written: import the file again.")
    count = 0
    for batch in stalled:
        error = {"file": batch.file_name, "line": None, "column": "", "reason": reason}
        count += ImportBatch.objects.filter(pk=batch.pk, status=Status.RUNNING).update(
            status=Status.REFUSED, errors=[error], finished_at=timezone.now()
        )
    return count


def create_batch(
    *,
    kind: str,
    file_name: str,
    sha256: str,
    mesa: Mesa | None = None,
    user: User | None = None,
    source: str = Source.SESNSP,
    source_name: str = "",
    unit: str = CountingUnit.CASES,
    vintage: str = "",
) -> tuple[ImportBatch, bool]:
    """Return the batch for this file, and whether it is new (False: the same file was seen).

    A file refused earlier gets a new batch (what it referred to may exist now).
    """
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown import kind {kind!r}")
    if (kind in MESA_KINDS) != (mesa is not None):
        raise ValueError(_("Counts and incidents belong to a Mesa; national files to none."))
    if kind == Kind.POPULATION and not vintage.strip():
        raise ValueError(_("Name the projection vintage, e.g. CONAPO 2010."))
    if kind in (Kind.SESNSP_NEW, Kind.SESNSP_CIEISP):
        source, source_name = Source.SESNSP, ""
    elif kind == Kind.COUNTS and source == Source.SESNSP:
        raise ValueError(_("SESNSP figures come from its national file, not from this template."))
    recover_stalled_imports()  # a batch its worker never finished must not block the same file for ever
    existing = ImportBatch.objects.filter(kind=kind, mesa=mesa, sha256=sha256).exclude(status=Status.REFUSED).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                kind=kind,
                mesa=mesa,
                file_name=Path(file_name).name[:255],
                sha256=sha256,
                source=source,
                source_name=source_name.strip()[:200],
                unit=unit,
                vintage=vintage.strip()[:40],
                created_by=user,
            )
    except IntegrityError:  # the same file, created a moment ago by another request
        existing = (
            ImportBatch.objects.filter(kind=kind, mesa=mesa, sha256=sha256).exclude(status=Status.REFUSED).first()
        )
        if existing is None:
            raise
        return existing, False
    return batch, True


def start_import(
    *,
    kind: str,
    file_name: str,
    data: bytes | Path,
    mesa: Mesa | None = None,
    user: User | None = None,
    source: str = Source.SESNSP,
    source_name: str = "",
    unit: str = CountingUnit.CASES,
    vintage: str = "",
) -> ImportBatch:
    """Keep the file for the worker and queue its import; the same file again returns its batch.

    The job is enqueued when the caller's transaction commits.
    """
    from msj.indicators.tasks import run_import

    if isinstance(data, bytes):
        sha256 = hashlib.sha256(data).hexdigest()
    else:
        sha256 = file_sha256(data)
    batch, created = create_batch(
        kind=kind,
        file_name=file_name,
        sha256=sha256,
        mesa=mesa,
        user=user,
        source=source,
        source_name=source_name,
        unit=unit,
        vintage=vintage,
    )
    if not created:
        return batch
    target = stored_path(batch)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                with data.open("rb") as source_file:
                    shutil.copyfileobj(source_file, handle, READ_BLOCK)
        os.replace(handle.name, target)
    batch_id = batch.pk
    transaction.on_commit(lambda: run_import.enqueue(batch_id))
    return batch


def run_import_now(batch: ImportBatch, *, path: Path | None = None, progress: Progress | None = None) -> ImportBatch:
    """Import the batch's file (from `path`, else where start_import kept it) and return the batch.

    A batch already done, refused or being imported by someone else is returned unchanged.
    Refusals are recorded on the batch (status, errors), never raised.
    """
    if not ImportBatch.objects.filter(pk=batch.pk, status=Status.PENDING).update(status=Status.RUNNING):
        batch.refresh_from_db()
        return batch
    kept = path is None
    file_path = stored_path(batch) if path is None else path
    importer = IMPORTERS[batch.kind](batch, file_path)
    tracker = _Tracker(batch, progress)
    batch.status = Status.RUNNING
    batch.summary = {}
    try:
        if not file_path.exists():
            raise importer.errors.refuse(None, "", _("The file is no longer available: upload it again."))
        batch.rows_total = importer.open()
        importer.prepare()
        importer.check(tracker)
        tracker.start(WRITING, importer.rows_read)
        try:
            with transaction.atomic():
                importer.run_write(tracker)
                # Done in the same transaction as the write: a national release's file counts
                # from this commit on, and the next import compares with it.
                batch.status = Status.DONE
                batch.errors = []
                batch.summary = {**importer.summary, "errors_total": 0}
                batch.rows_written = importer.written
                batch.rows_total = batch.rows_done = importer.rows_read
                _save(batch)
        except IntegrityError as exc:
            raise importer.errors.refuse(
                None, "", _("Another import changed the same figures at the same time: import the file again.")
            ) from exc
    except Refused as refused:
        importer.discard()
        batch.status = Status.REFUSED
        batch.errors = refused.errors.items
        batch.summary = {"rows": importer.rows_read, "errors_total": refused.errors.count}
        batch.rows_written = 0
    except BaseException:
        importer.discard()
        batch.status = Status.REFUSED
        batch.errors = [
            {"file": batch.file_name, "line": None, "column": "", "reason": _("The import failed unexpectedly.")}
        ]
        batch.summary = {"rows": importer.rows_read, "errors_total": 1}
        _finish(batch, kept)
        raise
    finally:
        importer.close()
        tracker.close()
    _finish(batch, kept)
    return batch


def _finish(batch: ImportBatch, kept: bool) -> None:
    _save(batch)
    # The kept file is no longer needed once no other batch of the same file is waiting for it.
    if (
        kept
        and not ImportBatch.objects.filter(sha256=batch.sha256, status__in=[Status.PENDING, Status.RUNNING]).exists()
    ):
        stored_path(batch).unlink(missing_ok=True)


def _save(batch: ImportBatch) -> None:
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "status",
            "errors",
            "summary",
            "rows_total",
            "rows_done",
            "rows_written",
            "finished_at",
            "updated_at",
        ]
    )
