"""Municipal boundaries for the territory's maps (DOMAIN.md §4.9, issue 5 §7).

The outlines come from INEGI's Marco Geoestadístico, simplified for a municipal choropleth and
shipped as `data/municipalities.geojson` (see `data/PROVENANCE.md`). The file is read once, on the
first call, and kept in memory. Coordinates are (longitude, latitude) in WGS 84, to 4 decimals
(about 11 m), so they are for drawing and for placing a point in a municipality, not for surveying.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

GEOJSON = Path(__file__).parent / "data" / "municipalities.geojson"

Ring = list[tuple[float, float]]


def outlines(codes: Iterable[str]) -> dict[str, list[Ring]]:
    """Each known municipality's rings, by its 5-digit INEGI code; unknown codes are left out.

    A municipality's rings are the outer rings and holes of all its parts, in the file's order:
    draw them with the even-odd rule (or test a point with `contains`) and holes come out right.
    """
    everything = _all_outlines()
    return {code: everything[code] for code in dict.fromkeys(codes) if code in everything}


def contains(rings: list[Ring], lon: float, lat: float) -> bool:
    """Whether the point lies inside the rings by the even-odd rule (a point in a hole is outside)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@cache
def _all_outlines() -> dict[str, list[Ring]]:
    with GEOJSON.open(encoding="utf-8") as f:
        collection = json.load(f)
    result: dict[str, list[Ring]] = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        result[feature["properties"]["code"]] = [_ring(ring) for polygon in polygons for ring in polygon]
    return result


def _ring(points: list[list[Any]]) -> Ring:
    return [(float(lon), float(lat)) for lon, lat in points]
