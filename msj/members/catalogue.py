"""The Cuadro 3 catalogue of official posts, shipped as data in `data/official_posts.csv`."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).parent / "data" / "official_posts.csv"


def load_official_posts(model: Any) -> int:
    """Create or update every post of the catalogue; safe to run again. Return the count."""
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for position, row in enumerate(rows, start=1):
        model.objects.update_or_create(
            code=row["code"],
            defaults={
                "level": row["level"],
                "branch": row["branch"],
                "name": row["name"],
                "border_only": row["border_only"] == "1",
                "position": position,
            },
        )
    return len(rows)
