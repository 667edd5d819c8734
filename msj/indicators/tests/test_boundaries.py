"""Municipal outlines against places whose municipality is known (see data/PROVENANCE.md)."""

from __future__ import annotations

import csv
from pathlib import Path

from msj.indicators.boundaries import _all_outlines, contains, outlines

CATALOGUE = Path(__file__).parents[1] / "data" / "municipalities.csv"

JUAREZ = "08037"
CHIHUAHUA = "08019"
LINARES = "19033"
HUALAHUISES = "19029"  # an enclave: a hole in Linares' outline


def catalogue_codes() -> list[str]:
    with CATALOGUE.open(encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f)]


def test_juarez_outline_holds_the_city_and_chihuahua_holds_its_own():
    found = outlines([JUAREZ, CHIHUAHUA])
    assert set(found) == {JUAREZ, CHIHUAHUA}
    assert contains(found[JUAREZ], -106.45, 31.70)
    assert not contains(found[CHIHUAHUA], -106.45, 31.70)
    assert contains(found[CHIHUAHUA], -106.08, 28.64)
    assert not contains(found[JUAREZ], -106.08, 28.64)


def test_point_across_the_border_is_in_no_municipality():
    # El Paso, Texas, just north of Ciudad Juárez across the Río Bravo.
    everything = outlines(catalogue_codes())
    assert [code for code, rings in everything.items() if contains(rings, -106.44, 31.79)] == []


def test_exactly_one_municipality_holds_a_point():
    everything = outlines(catalogue_codes())
    assert [code for code, rings in everything.items() if contains(rings, -106.45, 31.70)] == [JUAREZ]


def test_enclave_is_a_hole_in_the_municipality_around_it():
    found = outlines([LINARES, HUALAHUISES])
    inside_enclave = (-99.6798, 24.8772)
    assert contains(found[HUALAHUISES], *inside_enclave)
    assert not contains(found[LINARES], *inside_enclave)
    assert len(found[LINARES]) >= 2  # outer ring and at least the hole


def test_unknown_codes_are_absent():
    found = outlines([JUAREZ, "08999", "99001", "8037", "", JUAREZ])
    assert list(found) == [JUAREZ]
    assert outlines([]) == {}


def test_every_catalogued_municipality_has_an_outline_and_nothing_else_does():
    codes = catalogue_codes()
    assert set(_all_outlines()) == set(codes)
    assert set(outlines(codes)) == set(codes)


def test_rings_are_closed_lon_lat_pairs_inside_mexico():
    for code, rings in outlines(catalogue_codes()).items():
        assert rings, code
        for ring in rings:
            assert len(ring) >= 4, code
            assert ring[0] == ring[-1], code
            for lon, lat in ring:
                assert -118.5 < lon < -86.5, code
                assert 14.5 < lat < 33.0, code


def test_file_is_read_once():
    assert outlines([JUAREZ])[JUAREZ] is outlines([JUAREZ])[JUAREZ]
    assert _all_outlines.cache_info().currsize == 1
