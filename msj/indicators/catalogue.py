"""The SESNSP crime catalogue and the standard set of indicators every Mesa starts from.

The catalogue ships as data (indicators/data/catalogue_*.csv, see its PROVENANCE.md). An import
that meets a combination not in it adds it and says so in its report, since the SESNSP, not
us, owns its taxonomy. The standard indicators are definitions over the catalogue by pattern
(fnmatch, case-sensitive), so each Mesa gets them ready to use and can adapt its copy.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
CATALOGUE_FILES = {"new": "catalogue_new_methodology.csv", "cieisp": "catalogue_cieisp.csv"}

Pattern = tuple[str, str, str, str]


@dataclass(frozen=True)
class StandardIndicator:
    slug: str
    name: Any
    patterns: dict[str, tuple[Pattern, ...]]  # methodology → patterns over (level_1..level_4)


STANDARD_INDICATORS: tuple[StandardIndicator, ...] = (
    StandardIndicator(
        "homicidio-doloso",
        _("Intentional homicide"),
        {
            "new": (("*", "Homicidio", "Homicidio doloso", "*"), ("*", "Feminicidio", "Feminicidio", "*")),
            "cieisp": (("HOMICIDIOS", "DOLOSOS", "*", ""),),
        },
    ),
    StandardIndicator(
        "secuestro",
        _("Kidnapping"),
        {"new": (("*", "Secuestro", "*", "*"),), "cieisp": (("PRIV. DE LA LIBERTAD (SECUESTRO)", "*", "*", ""),)},
    ),
    StandardIndicator(
        "extorsion",
        _("Extortion"),
        {"new": (("*", "Extorsión", "*", "*"),), "cieisp": (("DELITOS PATRIMONIALES", "EXTORSION", "*", ""),)},
    ),
    StandardIndicator(
        "robo-vehiculo-con-violencia",
        _("Vehicle theft with violence"),
        {
            "new": (("*", "Robo", "Robo de vehículo automotor", "*Con violencia"),),
            "cieisp": (("ROBO COMUN", "CON VIOLENCIA", "DE VEHICULOS", ""),),
        },
    ),
    StandardIndicator(
        "robo-vehiculo-sin-violencia",
        _("Vehicle theft without violence"),
        {
            "new": (("*", "Robo", "Robo de vehículo automotor", "*Sin violencia"),),
            "cieisp": (("ROBO COMUN", "SIN VIOLENCIA", "DE VEHICULOS", ""),),
        },
    ),
    StandardIndicator(
        "robo-casa-habitacion",
        _("Home burglary"),
        {
            "new": (("*", "Robo", "Robo a casa habitación", "*"),),
            "cieisp": (("ROBO COMUN", "*", "A CASA HABITACION", ""),),
        },
    ),
    StandardIndicator(
        "robo-negocio",
        _("Business robbery"),
        {"new": (("*", "Robo", "Robo a negocio", "*"),), "cieisp": (("ROBO COMUN", "*", "A NEGOCIO", ""),)},
    ),
    StandardIndicator(
        "robo-transeunte",
        _("Street robbery"),
        {
            "new": (("*", "Robo", "Robo a transeúnte*", "*"),),
            "cieisp": (("ROBO COMUN", "*", "A TRANSEUNTES", ""),),
        },
    ),
)


def catalogue_rows(methodology: str) -> list[tuple[str, str, str, str]]:
    """The shipped catalogue of a methodology, as (level_1, level_2, level_3, level_4) rows."""
    with (DATA / CATALOGUE_FILES[methodology]).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(row[0], row[1], row[2], row[3] if len(row) > 3 else "") for row in reader]


def matches(levels: tuple[str, str, str, str], patterns: tuple[Pattern, ...]) -> bool:
    return any(all(fnmatchcase(level, pattern) for level, pattern in zip(levels, p, strict=True)) for p in patterns)


def load_catalogue(category_model: Any) -> int:
    """Add the shipped catalogue's categories that are missing; return how many were added."""
    existing = set(category_model.objects.values_list("methodology", "level_1", "level_2", "level_3", "level_4"))
    new = [
        category_model(methodology=m, level_1=a, level_2=b, level_3=c, level_4=d)
        for m in CATALOGUE_FILES
        for (a, b, c, d) in catalogue_rows(m)
        if (m, a, b, c, d) not in existing
    ]
    category_model.objects.bulk_create(new)
    return len(new)
