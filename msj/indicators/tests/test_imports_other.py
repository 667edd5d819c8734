"""CONAPO population, a Mesa's monthly counts (CSV and XLSX template), georeferenced incidents,
and the queued import the pages use."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from msj.indicators.imports import counts_template, create_batch, file_sha256, run_import_now, start_import, stored_path
from msj.indicators.models import ImportBatch, Incident, Indicator, Observation, Population
from msj.indicators.tasks import run_import
from msj.mesas.models import Mesa, Network

DATA = Path(__file__).resolve().parents[1] / "data" / "real"
CONAPO = DATA / "conapo2010_municipio-population2010-2030.csv"
MIDYEAR = DATA / "conapo2010_poblacion_mitad_anio_juarez_chihuahua_1990-2030.csv"
Kind = ImportBatch.Kind
Status = ImportBatch.Status


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def mesa(db: None) -> Mesa:
    network = Network.objects.create(name="Red", slug="red")
    mesa = Mesa.objects.create(
        network=network, name="Mesa Juárez", slug="juarez", state="08", time_zone="America/Ciudad_Juarez"
    )
    Indicator.objects.create(mesa=mesa, slug="homicidio-doloso", name="Homicidio doloso")
    Indicator.objects.create(mesa=mesa, slug="secuestro", name="Secuestro")
    return mesa


@pytest.fixture
def other_mesa(db: None) -> Mesa:
    network = Network.objects.create(name="Red B", slug="red-b")
    mesa = Mesa.objects.create(network=network, name="Mesa B", slug="mesa-b", state="28", time_zone="America/Monterrey")
    Indicator.objects.create(mesa=mesa, slug="robo-negocio", name="Robo a negocio")
    return mesa


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def run(path: Path, kind: str, **batch: Any) -> ImportBatch:
    found, _created = create_batch(kind=kind, file_name=path.name, sha256=file_sha256(path), **batch)
    return run_import_now(found, path=path)


def where(batch: ImportBatch) -> list[tuple[Any, str, str]]:
    return [(e["line"], e["column"], e["reason"]) for e in batch.errors]


def stored() -> tuple[int, int, int]:
    return Population.objects.count(), Observation.objects.count(), Incident.objects.count()


# CONAPO population ----------------------------------------------------------------------------


def test_the_conapo_file_imports_every_municipality_and_juarez_matches_the_midyear_series(
    db: None, tmp_path: Path
) -> None:
    batch = run(CONAPO, Kind.POPULATION, vintage="CONAPO 2010")
    assert batch.status == Status.DONE, batch.errors
    assert batch.rows_written == Population.objects.count() == 2457 * 21
    assert batch.summary["other_sex_rows_skipped"] == 2 * 2457 * 21
    assert batch.summary["years"] == [2010, 2030]
    juarez = dict(
        Population.objects.filter(municipality_id="08037", vintage="CONAPO 2010").values_list("year", "population")
    )
    with MIDYEAR.open(encoding="utf-8", newline="") as handle:
        expected = {
            int(row["anio"]): int(row["poblacion"])
            for row in csv.DictReader(handle)
            if row["cvegeo"] == "08037" and row["sexo"] == "Total" and int(row["anio"]) >= 2010
        }
    assert juarez == expected
    assert juarez[2015] == 1_423_166  # the figure of the published January 2015 rate

    # The same vintage again from another file with the same figures: nothing new.
    again = run(
        write(tmp_path / "again.csv", ["Population,Code,Sex,Year", "1423166,8037,Total,2015"]),
        Kind.POPULATION,
        vintage="CONAPO 2010",
    )
    assert again.status == Status.DONE and again.rows_written == 0 and again.summary["unchanged"] == 1


def test_a_vintage_never_changes(db: None, tmp_path: Path) -> None:
    run(
        write(tmp_path / "a.csv", ["Population,Code,Sex,Year", "1423166,8037,Total,2015"]),
        Kind.POPULATION,
        vintage="CONAPO 2010",
    )
    before = stored()
    changed = run(
        write(tmp_path / "b.csv", ["Population,Code,Sex,Year", "1435761,8037,Total,2016", "1423000,8037,Total,2015"]),
        Kind.POPULATION,
        vintage="CONAPO 2010",
    )
    assert changed.status == Status.REFUSED and stored() == before
    assert where(changed) == [
        (
            3,
            "Population",
            "The vintage CONAPO 2010 already has 1423166 for this municipality and year; "
            "a vintage never changes: import this file as a new vintage.",
        )
    ]
    # As a new vintage it is welcome.
    assert run(tmp_path / "b.csv", Kind.POPULATION, vintage="CONAPO 2023").rows_written == 2


def test_population_errors(db: None, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        [
            "Population,Code,Sex,Year",
            "100,99999,Total,2015",
            "0,8037,Total,2015",
            "100,8037,Total,1900",
            "5,1001,Total,2015",
            "6,1001,Total,2015",
        ],
    )
    batch = run(path, Kind.POPULATION, vintage="X")
    assert batch.status == Status.REFUSED and stored() == (0, 0, 0)
    assert [(line, column) for line, column, _r in where(batch)] == [
        (2, "Code"),
        (3, "Population"),
        (4, "Year"),
        (6, ""),
    ]
    assert "line 5" in batch.errors[-1]["reason"]


def test_population_needs_a_vintage(db: None) -> None:
    with pytest.raises(ValueError, match="vintage"):
        create_batch(kind=Kind.POPULATION, file_name="p.csv", sha256="0" * 64)


# A Mesa's monthly counts ----------------------------------------------------------------------


def counts_file(tmp_path: Path, rows: list[str], name: str = "counts.csv") -> Path:
    return write(tmp_path / name, ["indicador,año,mes,conteo,fuente,nombre_fuente", *rows])


def test_monthly_counts_import_with_the_batch_source_or_their_own(mesa: Mesa, tmp_path: Path) -> None:
    path = counts_file(
        tmp_path,
        [
            "homicidio-doloso,2015,1,25,,",
            "homicidio-doloso,2015,2,0,,",
            "homicidio-doloso,2015,1,31,Observatorio,Plan Estratégico",
            "secuestro,2015,enero,2,,",
        ],
    )
    batch = run(path, Kind.COUNTS, mesa=mesa, source="prosecutor", source_name="Fiscalía Zona Norte")
    assert batch.status == Status.DONE, batch.errors
    assert batch.rows_written == 4
    rows = set(
        Observation.objects.values_list(
            "indicator__slug", "source", "source_name", "year", "month", "count", "revision"
        )
    )
    assert rows == {
        ("homicidio-doloso", "prosecutor", "Fiscalía Zona Norte", 2015, 1, 25, 1),
        ("homicidio-doloso", "prosecutor", "Fiscalía Zona Norte", 2015, 2, 0, 1),
        ("homicidio-doloso", "observatory", "Plan Estratégico", 2015, 1, 31, 1),
        ("secuestro", "prosecutor", "Fiscalía Zona Norte", 2015, 1, 2, 1),
    }


def test_a_later_report_of_a_month_is_a_new_revision_and_the_same_figures_write_nothing(
    mesa: Mesa, tmp_path: Path
) -> None:
    run(
        counts_file(tmp_path, ["homicidio-doloso,2015,1,25,,", "homicidio-doloso,2015,2,20,,"], "a.csv"),
        Kind.COUNTS,
        mesa=mesa,
        source="prosecutor",
    )
    same = run(
        counts_file(tmp_path, ["homicidio-doloso,2015,2,20,,", "homicidio-doloso,2015,1,25,,"], "b.csv"),
        Kind.COUNTS,
        mesa=mesa,
        source="prosecutor",
    )
    assert same.status == Status.DONE and same.rows_written == 0 and same.summary["unchanged"] == 2
    later = run(
        counts_file(tmp_path, ["homicidio-doloso,2015,1,27,,", "homicidio-doloso,2015,2,20,,"], "c.csv"),
        Kind.COUNTS,
        mesa=mesa,
        source="prosecutor",
    )
    assert later.rows_written == 1 and later.summary["revisions"] == 1
    january = Observation.objects.filter(month=1).order_by("revision")
    assert list(january.values_list("revision", "count", "batch")) == [(1, 25, january[0].batch_id), (2, 27, later.pk)]


def test_count_errors_have_their_lines(mesa: Mesa, other_mesa: Mesa, tmp_path: Path) -> None:
    next_year = timezone.localdate().year + 1
    path = counts_file(
        tmp_path,
        [
            "robo-negocio,2015,1,3,,",  # another Mesa's indicator
            "homicidio-doloso,2015,13,3,,",
            "homicidio-doloso,2015,3,-3,,",
            "homicidio-doloso,2015,4,tres,,",
            f"homicidio-doloso,{next_year},1,3,,",
            "homicidio-doloso,2015,5,3,sesnsp,",
            "homicidio-doloso,2015,6,3,periódico,",
            "homicidio-doloso,2015,7,3,,",
            "homicidio-doloso,2015,7,4,,",
            "homicidio-doloso,2015,8,,,",
        ],
    )
    batch = run(path, Kind.COUNTS, mesa=mesa, source="prosecutor")
    assert batch.status == Status.REFUSED and stored() == (0, 0, 0)
    assert [(line, column) for line, column, _r in where(batch)] == [
        (2, "indicador"),
        (3, "mes"),
        (4, "conteo"),
        (5, "conteo"),
        (6, "año"),
        (7, "fuente"),
        (8, "fuente"),
        (11, "conteo"),
        (10, ""),
    ]
    assert batch.errors[0]["reason"] == "This Mesa has no indicator robo-negocio."
    assert batch.errors[-1]["reason"] == "Duplicate row: the same indicator, month and source as line 9."


def test_the_counts_template_round_trips_as_csv_and_xlsx(mesa: Mesa, tmp_path: Path) -> None:
    csv_bytes = counts_template(mesa=mesa)
    assert csv_bytes.startswith("\ufeffindicador,año,mes,conteo,fuente,nombre_fuente".encode())
    path = tmp_path / "plantilla.csv"
    path.write_bytes(csv_bytes)
    batch = run(path, Kind.COUNTS, mesa=mesa, source="observatory")
    assert batch.status == Status.DONE, batch.errors
    assert Observation.objects.get().source == "prosecutor"  # the example row says fiscalía

    workbook = openpyxl.load_workbook(io.BytesIO(counts_template(mesa=mesa, xlsx=True)))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["indicador", "año", "mes", "conteo", "fuente", "nombre_fuente"]
    assert [row[0] for row in workbook["ayuda"].iter_rows(values_only=True)][:3] == [
        "indicador",
        "homicidio-doloso",
        "secuestro",
    ]
    sheet.append(["secuestro", 2016, 3, 4.0, None, None])
    sheet.append(["secuestro", 2016, 4, "x", None, None])
    xlsx_path = tmp_path / "conteos.xlsx"
    workbook.save(xlsx_path)
    refused = run(xlsx_path, Kind.COUNTS, mesa=mesa, source="press")
    assert where(refused) == [(4, "conteo", "The count is not a whole number: x.")]
    sheet.delete_rows(4)
    workbook.save(xlsx_path)
    done = run(xlsx_path, Kind.COUNTS, mesa=mesa, source="press")
    assert done.status == Status.DONE, done.errors
    assert Observation.objects.filter(source="press", year=2016, month=3, count=4).exists()


def test_counts_are_a_mesas_and_never_the_sesnsps(mesa: Mesa) -> None:
    with pytest.raises(ValueError, match="SESNSP"):
        create_batch(kind=Kind.COUNTS, file_name="c.csv", sha256="0" * 64, mesa=mesa, source="sesnsp")
    with pytest.raises(ValueError, match="Mesa"):
        create_batch(kind=Kind.COUNTS, file_name="c.csv", sha256="0" * 64, source="prosecutor")
    with pytest.raises(ValueError, match="Mesa"):
        create_batch(kind=Kind.SESNSP_NEW, file_name="c.csv", sha256="0" * 64, mesa=mesa)


# Incidents ------------------------------------------------------------------------------------

INCIDENT_HEADER = "fecha,categoria,latitud,longitud,enlace"


def test_incidents_import_and_stored_ones_are_skipped(mesa: Mesa, tmp_path: Path) -> None:
    rows = [
        "2024-03-15,Homicidio,31.69036,-106.42454,https://example.org/nota/1",
        "16/03/2024,Robo a negocio,31.7,-106.4,",
    ]
    first = run(write(tmp_path / "a.csv", [INCIDENT_HEADER, *rows]), Kind.INCIDENTS, mesa=mesa)
    assert first.status == Status.DONE and first.rows_written == 2
    incident = Incident.objects.get(category="Robo a negocio")
    assert (incident.occurred_on, incident.latitude, incident.longitude) == (
        dt.date(2024, 3, 16),
        Decimal("31.7"),
        Decimal("-106.4"),
    )
    second = run(
        write(tmp_path / "b.csv", [INCIDENT_HEADER, *rows, "2024-03-17,Homicidio,31.6,-106.3,http://example.org/2"]),
        Kind.INCIDENTS,
        mesa=mesa,
    )
    assert second.rows_written == 1 and second.summary["already_stored"] == 2
    assert Incident.objects.count() == 3


def test_incident_errors(mesa: Mesa, tmp_path: Path) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    path = write(
        tmp_path / "bad.csv",
        [
            INCIDENT_HEADER,
            "2024-02-30,Homicidio,31.6,-106.4,",
            f"{tomorrow.isoformat()},Homicidio,31.6,-106.4,",
            "2024-03-01,Homicidio,40.7,-74.0,",  # New York
            "2024-03-01,Homicidio,31.6,-106.4,ftp://example.org/a",
            "2024-03-01,,31.6,-106.4,",
            "2024-03-02,Homicidio,31.6,-106.4,",
            "2024-03-02,Homicidio,31.600001,-106.4,",
        ],
    )
    batch = run(path, Kind.INCIDENTS, mesa=mesa)
    assert batch.status == Status.REFUSED and stored() == (0, 0, 0)
    assert [(line, column) for line, column, _r in where(batch)] == [
        (2, "fecha"),
        (3, "fecha"),
        (4, "latitud"),
        (4, "longitud"),
        (5, "enlace"),
        (6, "categoria"),
        (8, ""),
    ]
    assert "line 7" in batch.errors[-1]["reason"]


# Queued imports (the pages) and the commands --------------------------------------------------


def test_start_import_keeps_the_file_queues_the_job_and_the_job_imports_it(
    mesa: Mesa, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    data = f"{INCIDENT_HEADER}\n2024-03-15,Homicidio,31.69,-106.42,\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_import(kind=Kind.INCIDENTS, file_name="mapa.csv", data=data, mesa=mesa)
    assert batch.status == Status.PENDING
    assert stored_path(batch).read_bytes() == data
    assert stored_path(batch).parent == tmp_path / "media" / "imports"
    assert (
        DBTaskResult.objects.filter(task_path="msj.indicators.tasks.run_import", args_kwargs__args=[batch.pk]).count()
        == 1
    )

    # The same file again, even under another name: the same batch, no second job.
    with django_capture_on_commit_callbacks(execute=True):
        assert start_import(kind=Kind.INCIDENTS, file_name="otro.csv", data=data, mesa=mesa) == batch
    assert DBTaskResult.objects.count() == 1
    # Another Mesa's copy of the file is its own import.
    assert (
        start_import(
            kind=Kind.INCIDENTS,
            file_name="mapa.csv",
            data=data,
            mesa=Mesa.objects.create(
                network=mesa.network, name="C", slug="c", state="08", time_zone="America/Ciudad_Juarez"
            ),
        )
        != batch
    )

    assert run_import.call(batch.pk) == "done"
    batch.refresh_from_db()
    assert (batch.status, batch.rows_written, batch.progress_pct) == (Status.DONE, 1, 100)
    assert batch.finished_at is not None
    assert run_import.call(batch.pk) == "done"  # a second run changes nothing
    assert Incident.objects.count() == 1
    assert run_import.call(10**9) == "missing"


def test_a_job_whose_file_is_gone_is_refused(mesa: Mesa, tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    source = write(tmp_path / "in.csv", [INCIDENT_HEADER, "2024-03-15,Homicidio,31.69,-106.42,"])
    batch = start_import(kind=Kind.INCIDENTS, file_name="in.csv", data=source, mesa=mesa)
    stored_path(batch).unlink()
    assert run_import.call(batch.pk) == "refused"
    batch.refresh_from_db()
    assert "upload it again" in batch.errors[0]["reason"]


def test_the_commands_for_population_counts_and_incidents(mesa: Mesa, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_population",
        str(write(tmp_path / "p.csv", ["Population,Code,Sex,Year", "1423166,8037,Total,2015"])),
        "--vintage",
        "CONAPO 2010",
        "--quiet",
        stdout=out,
    )
    assert "1 written" in out.getvalue()
    call_command(
        "import_counts",
        str(counts_file(tmp_path, ["secuestro,2015,1,2,,"])),
        "--mesa",
        "juarez",
        "--source",
        "prosecutor",
        "--quiet",
        stdout=out,
    )
    call_command(
        "import_incidents",
        str(write(tmp_path / "i.csv", [INCIDENT_HEADER, "2024-03-15,Homicidio,31.69,-106.42,"])),
        "--mesa",
        "juarez",
        "--quiet",
        stdout=out,
    )
    assert stored() == (1, 1, 1)
    with pytest.raises(CommandError, match="no Mesa"):
        call_command("import_incidents", str(tmp_path / "i.csv"), "--mesa", "nowhere", stdout=out)
    with pytest.raises(CommandError, match="no file"):
        call_command("import_incidents", str(tmp_path / "none.csv"), "--mesa", "juarez", stdout=out)


def test_a_batch_whose_worker_ended_is_refused_after_six_hours_and_the_file_can_come_again(mesa: Mesa) -> None:
    import datetime as dt

    import time_machine
    from django.core.management import call_command

    from msj.indicators.imports import STALLED_AFTER, recover_stalled_imports

    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        batch, created = create_batch(
            kind=Kind.COUNTS, file_name="c.csv", sha256="f" * 64, mesa=mesa, source="prosecutor"
        )
        ImportBatch.objects.filter(pk=batch.pk).update(status=Status.RUNNING)
    start = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    with time_machine.travel(start + STALLED_AFTER, tick=False):
        assert recover_stalled_imports() == 0  # exactly six hours: still running
        again, created = create_batch(
            kind=Kind.COUNTS, file_name="c.csv", sha256="f" * 64, mesa=mesa, source="prosecutor"
        )
        assert again.pk == batch.pk and not created  # the same file is still that running import
    with time_machine.travel(start + STALLED_AFTER + dt.timedelta(minutes=1), tick=False):
        call_command("recover_imports", stdout=io.StringIO())
        batch.refresh_from_db()
        assert batch.status == Status.REFUSED and "worker ended" in batch.errors[0]["reason"]
        retry, created = create_batch(
            kind=Kind.COUNTS, file_name="c.csv", sha256="f" * 64, mesa=mesa, source="prosecutor"
        )
        assert created and retry.pk != batch.pk
