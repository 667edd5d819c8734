"""Horizontal bars of a tabulation's percentages, as a small SVG drawn here without matplotlib.

The page shows it as a ``data:`` image (the CSP forbids inline styles), so it uses presentation
attributes only; the table beside it carries the same figures for screen readers.
"""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape

from msj.surveys.tabulation import Table

WIDTH, LABEL, BAR, GAP = 640, 300, 18, 8
INK, FILL = "#222222", "#0072B2"


def bars_svg(table: Table) -> str | None:
    """The table's last percentage column as bars, or None when it has no such single column."""
    pct_columns = [i for i, c in enumerate(table.columns) if c.pct]
    if len(pct_columns) != 1:
        return None
    column = pct_columns[0]
    rows = [(str(r.label), r.cells[column].pct) for r in table.rows]
    height = len(rows) * (BAR + GAP) + GAP
    scale = (WIDTH - LABEL - 60) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">'
    ]
    for i, (label, pct) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        short = label if len(label) <= 48 else label[:46] + "…"
        value = pct if pct is not None else 0
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" fill="{INK}">{escape(short)}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{float(value) * scale:.1f}" height="{BAR}" fill="{FILL}"/>'
            f'<text x="{LABEL + float(value) * scale + 4:.1f}" y="{y + BAR - 5}" fill="{INK}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def data_uri(table: Table) -> str | None:
    svg = bars_svg(table)
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
