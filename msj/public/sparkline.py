"""A trend at a glance: a small SVG line of the published rates, as a `data:` URI.

The pages' Content-Security-Policy forbids inline styles, so the drawing uses SVG presentation
attributes only and travels as an <img>, like the indicators' charts.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from decimal import Decimal

WIDTH, HEIGHT, PAD = 120, 32, 2


def sparkline(values: Sequence[Decimal | None]) -> str:
    """The last values as a polyline (gaps where a month is unknown); empty when fewer than two."""
    known = [float(v) for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x = PAD + index * step
        y = HEIGHT - PAD - (float(value) - low) / span * (HEIGHT - 2 * PAD)
        segments[-1].append(f"{x:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f4e79" stroke-width="1.5"/>'
        for points in segments
        if len(points) > 1
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">{lines}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
