"""Real series for the demo Mesas (issue 5 §10): Ciudad Juárez and Chihuahua from public data.

The files in data/real (see its PROVENANCE.md) are turned into the formats people bring in —
a raw SESNSP CIEISP municipal file in Latin-1, CONAPO's population file, the monthly-counts
template for INEGI's death-certificate homicides — and go through the same imports as theirs,
so the demo shows exactly what an import of the real files gives. Idempotent: the same files
again are the same imports and change nothing.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from msj.indicators.catalogue import load_catalogue
from msj.indicators.geography import load_municipalities
from msj.indicators.imports import MONTH_NAMES, create_batch, file_sha256, run_import_now
from msj.indicators.models import CrimeCategory, ImportBatch, Municipality, Source
from msj.mesas.models import Mesa

REAL = Path(__file__).resolve().parent / "data" / "real"
SESNSP_CSV = REAL / "sesnsp_cieisp_municipal_juarez_chihuahua_2011-01_2016-07.csv"
CONAPO_CSV = REAL / "conapo2010_municipio-population2010-2030.csv"
INEGI_CSV = REAL / "inegi_homicidios_registro_juarez_chihuahua_2011-01_2016-07.csv"
VINTAGE = "CONAPO 2010"
MONTHS = [name.upper() for name in MONTH_NAMES]  # the CIEISP files' headers
STATES = {"08": "Chihuahua"}
# Where each real series sits in the CIEISP taxonomy. The shared file gives intentional homicide as
# the total of its subtypes: a raw file splits it, so the total goes to one subtype, zeros to the rest.
CIEISP_PLACE = {
    "homicidio_doloso": [("HOMICIDIOS", "DOLOSOS", s) for s in ("CON ARMA DE FUEGO", "CON ARMA BLANCA", "OTROS")],
    "secuestro": [("PRIV. DE LA LIBERTAD (SECUESTRO)", "SECUESTRO", "SECUESTRO")],
    "extorsion": [("DELITOS PATRIMONIALES", "EXTORSION", "EXTORSION")],
    "robo_vehiculo_con_violencia": [("ROBO COMUN", "CON VIOLENCIA", "DE VEHICULOS")],
    "robo_vehiculo_sin_violencia": [("ROBO COMUN", "SIN VIOLENCIA", "DE VEHICULOS")],
}


def ensure_reference_data() -> None:
    """Put back the municipalities and the crime catalogue that data migrations load, when missing.

    A flushed database (live-server tests, transactional tests) has lost them; loading them
    again is harmless.
    """
    if not Municipality.objects.exists():
        load_municipalities(Municipality)
    if not CrimeCategory.objects.exists():
        load_catalogue(CrimeCategory)


def cieisp_file() -> bytes:
    """The real counts as the SESNSP published them: one row per year, place and category, Latin-1.

    A month blank in the source is left empty (missing), never written as 0.
    """
    years: dict[tuple[str, str, str, int], dict[int, str]] = defaultdict(dict)
    with SESNSP_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year, month = map(int, row["fecha"].split("-"))
            years[(row["cvegeo"], row["municipio"], row["delito"], year)][month] = row["count"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["AÑO", "INEGI", "ENTIDAD", "MUNICIPIO", "MODALIDAD", "TIPO", "SUBTIPO", *MONTHS])
    for (code, name, crime, year), months in sorted(years.items()):
        for index, place in enumerate(CIEISP_PLACE[crime]):
            cells = [months.get(m, "") if index == 0 else ("0" if months.get(m) else "") for m in range(1, 13)]
            writer.writerow([year, int(code), STATES[code[:2]], name, *place, *cells])
    return out.getvalue().encode("latin-1")


def population_file(codes: tuple[str, ...]) -> bytes:
    """CONAPO's 2010-based projections for the given municipalities, in CONAPO's own format."""
    wanted = {str(int(code)) for code in codes}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    with CONAPO_CSV.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        writer.writerow(next(reader))
        writer.writerows(row for row in reader if row[1] in wanted)
    return out.getvalue().encode("utf-8")


def inegi_counts_file(code: str) -> bytes:
    """INEGI's death-certificate homicides of one place, in the monthly-counts template."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["indicador", "año", "mes", "conteo", "fuente", "nombre_fuente"])
    with INEGI_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["cvegeo"] == code and row["homicidios_inegi_intent_imputed"]:
                year, month = map(int, row["fecha_registro"].split("-"))
                writer.writerow(["homicidio-doloso", year, month, row["homicidios_inegi_intent_imputed"], "inegi", ""])
    return out.getvalue().encode("utf-8")


def _import(kind: str, name: str, data: bytes, **options: object) -> ImportBatch:
    import hashlib
    import tempfile

    batch, created = create_batch(kind=kind, file_name=name, sha256=hashlib.sha256(data).hexdigest(), **options)  # type: ignore[arg-type]
    if not created:
        return batch
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        assert file_sha256(path) == batch.sha256  # noqa: S101 - the file is the one just written
        return run_import_now(batch, path=path)


def load_real_series(mesas: list[tuple[Mesa, str]]) -> list[ImportBatch]:
    """The national SESNSP file and populations, then each Mesa's INEGI homicides as a second source.

    `mesas` pairs each demo Mesa with its municipality's INEGI code.
    """
    ensure_reference_data()
    codes = tuple(code for _mesa, code in mesas)
    batches = [
        _import(ImportBatch.Kind.SESNSP_CIEISP, "sesnsp-cieisp-municipal-2011-2016.csv", cieisp_file()),
        _import(ImportBatch.Kind.POPULATION, "conapo-2010-municipios.csv", population_file(codes), vintage=VINTAGE),
    ]
    for mesa, code in mesas:
        batches.append(
            _import(
                ImportBatch.Kind.COUNTS,
                f"inegi-homicidios-{code}.csv",
                inegi_counts_file(code),
                mesa=mesa,
                source=Source.INEGI,
                source_name="",
            )
        )
    return batches
