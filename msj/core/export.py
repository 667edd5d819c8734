"""Helpers for files that leave the platform as spreadsheets (CSV, XLSX)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

# A spreadsheet program reads a cell starting with one of these as a formula (CSV injection):
# "=HYPERLINK(…)" in an agreement's text must reach the reader as text, never run.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: T) -> T | str:
    """Return `value`, with a leading apostrophe when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
