"""INEGI's municipalities, shipped as data (indicators/data/municipalities.csv, see PROVENANCE.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"


def load_municipalities(municipality_model: Any) -> int:
    """Add the shipped municipalities that are missing and correct changed names; return how many were added."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    existing = {m.code: m for m in municipality_model.objects.all()}
    new = [municipality_model(**row) for code, row in rows.items() if code not in existing]
    municipality_model.objects.bulk_create(new)
    changed = [
        m
        for code, m in existing.items()
        if code in rows
        and (m.name, m.state_code, m.state_name) != tuple(rows[code][k] for k in ("name", "state_code", "state_name"))
    ]
    for m in changed:
        m.name, m.state_code, m.state_name = (rows[m.code][k] for k in ("name", "state_code", "state_name"))
    municipality_model.objects.bulk_update(changed, ["name", "state_code", "state_name"])
    return len(new)
