"""The municipality catalogue shipped as data (see data/PROVENANCE.md), checked against itself
and against the CONAPO 2010-based projections (data/real/PROVENANCE.md)."""

from __future__ import annotations

import csv
from pathlib import Path

CATALOGUE = Path(__file__).parents[1] / "data" / "municipalities.csv"
CONAPO = Path(__file__).resolve().parents[1] / "data" / "real" / "conapo2010_municipio-population2010-2030.csv"

# Municipalities created after the 2010 census, so missing from CONAPO's 2010-based projections.
CREATED_AFTER_2010 = {"07120", "07121", "07122", "07123", "07124", "17034", "17035", "23011"}


def catalogue() -> list[dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def conapo_codes() -> set[str]:
    with CONAPO.open(encoding="utf-8", newline="") as f:
        return {row["Code"].zfill(5) for row in csv.DictReader(f)}


def test_header_and_order():
    rows = catalogue()
    assert list(rows[0]) == ["code", "name", "state_code", "state_name"]
    codes = [row["code"] for row in rows]
    assert codes == sorted(codes)


def test_codes_are_five_digits_unique_and_start_with_their_state():
    rows = catalogue()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert len(row["code"]) == 5 and row["code"].isdigit(), row
        assert len(row["state_code"]) == 2 and row["state_code"].isdigit(), row
        assert row["code"][:2] == row["state_code"], row
        assert row["code"][2:] != "000", row
        assert row["name"] and row["name"] == row["name"].strip(), row


def test_count_is_that_of_the_marco_geoestadistico():
    assert 2_457 <= len(catalogue()) <= 2_480
    assert len(catalogue()) == 2_465


def test_thirty_two_states_each_with_one_name():
    names: dict[str, set[str]] = {}
    for row in catalogue():
        names.setdefault(row["state_code"], set()).add(row["state_name"])
    assert sorted(names) == [f"{n:02d}" for n in range(1, 33)]
    assert all(len(found) == 1 for found in names.values())
    assert names["08"] == {"Chihuahua"}
    assert names["09"] == {"Ciudad de México"}
    assert names["19"] == {"Nuevo León"}


def test_juarez_and_chihuahua():
    by_code = {row["code"]: row for row in catalogue()}
    assert by_code["08037"] == {"code": "08037", "name": "Juárez", "state_code": "08", "state_name": "Chihuahua"}
    assert by_code["08019"]["name"] == "Chihuahua"
    assert "08999" not in by_code


def test_names_keep_their_spanish_accents():
    names = {row["name"] for row in catalogue()}
    assert {"Cosío", "Jesús María", "Álvaro Obregón", "San Pedro Garza García"} <= names


def test_every_conapo_municipality_is_catalogued():
    codes = {row["code"] for row in catalogue()}
    conapo = conapo_codes()
    assert len(conapo) == 2_457
    assert conapo - codes == set()
    assert codes - conapo == CREATED_AFTER_2010
