"""A prosecutor's monthly counts brought in through the page and through the API, run by the real
db worker: the import page follows the batch, a broken file shows its lines, and the figures show
the new source beside SESNSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msj.api.tests.conftest import bearer, token_for
from msj.indicators.models import ImportBatch, Observation
from msj.indicators.testing import indicator_fixture, store_real_series
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


GOOD = (
    "indicador,año,mes,conteo,fuente,nombre_fuente\r\n"
    "homicidio-doloso,2011,1,170,,\r\nhomicidio-doloso,2011,2,153,,\r\n"
)
BAD = "indicador,año,mes,conteo\r\nhomicidio-doloso,2011,1,170\r\nhomicidio-doloso,2011,13,x\r\nno-such,2011,2,1\r\n"


def test_the_secretary_imports_a_prosecutors_counts_from_the_page(
    client: Any, personas: Personas, run_jobs: Callable[[], int], django_capture_on_commit_callbacks: Any
) -> None:
    store_real_series()
    homicide = indicator_fixture(personas)
    client.force_login(personas.sara)
    page = reverse("indicators:imports", kwargs={"mesa_slug": "mesa-a"})
    upload = SimpleUploadedFile("fiscalia.csv", GOOD.encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"kind": "counts", "source": "prosecutor", "source_name": "FGE", "file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get(mesa__isnull=False)  # the real series came as a national batch
    pending = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in pending and "<progress" in pending  # the page follows the job
    assert run_jobs() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and Observation.objects.count() == 2
    done = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' not in done and "2 rows written" in done
    detail = client.get(reverse("indicators:detail", kwargs={"mesa_slug": "mesa-a", "public_id": homicide.public_id}))
    assert "State prosecutor · FGE" in detail.content.decode()
    # The same file again is the same import: nothing new is queued or written.
    again = SimpleUploadedFile("copia.csv", GOOD.encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"kind": "counts", "source": "prosecutor", "source_name": "FGE", "file": again})
    assert ImportBatch.objects.filter(mesa__isnull=False).count() == 1 and run_jobs() == 0


def test_a_broken_file_is_refused_with_its_lines_through_the_api(
    client: Any, personas: Personas, run_jobs: Callable[[], int], django_capture_on_commit_callbacks: Any
) -> None:
    indicator_fixture(personas)
    headers = bearer(token_for(personas.sara))
    upload = SimpleUploadedFile("malo.csv", BAD.encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/mesas/mesa-a/indicator-imports",
            {"kind": "counts", "source": "observatory", "file": upload},
            headers=headers,
        )
    assert response.status_code == 202, response.content
    run_jobs()
    batch = client.get(f"/api/v1/mesas/mesa-a/indicator-imports/{response.json()['public_id']}", headers=headers).json()
    assert batch["status"] == "refused"
    assert {(e["line"], e["column"]) for e in batch["errors"]} >= {(3, "mes"), (3, "conteo"), (4, "indicador")}
    assert Observation.objects.count() == 0  # the good first line was not written either
    missing = client.post("/api/v1/mesas/mesa-a/indicator-imports", {"kind": "counts"}, headers=headers)
    assert missing.status_code == 422
    olga = client.post("/api/v1/mesas/mesa-a/indicator-imports", {}, headers=bearer(token_for(personas.olga)))
    assert olga.status_code == 403


def test_the_api_gives_every_month_with_its_rate_rule_and_sources(client: Any, personas: Personas) -> None:
    store_real_series()
    homicide = indicator_fixture(personas)
    headers = bearer(token_for(personas.olga))
    figures = client.get(
        f"/api/v1/mesas/mesa-a/indicators/{homicide.public_id}/figures?annualisation=monthly_x12", headers=headers
    ).json()
    assert figures["annualisation"] == "monthly_x12" and figures["primary"] == "sesnsp:cieisp"
    january = figures["months"][0]
    assert january["month"] == "2011-01" and january["counts"] == {"sesnsp:cieisp": 168}
    assert january["rate"] == "146.0497"  # 168 × 12 / 1,380,352 × 100,000
    assert "Semáforo" in january["light_rule"] or "36" in january["light_rule"]
    target = client.post(
        f"/api/v1/mesas/mesa-a/indicators/{homicide.public_id}/targets",
        {"value": "30", "annualisation": "calendar_year", "starts_on": "2013-01-01"},
        content_type="application/json",
        headers=bearer(token_for(personas.sara)),
    )
    assert target.status_code == 201 and target.json()["value"] in ("30", "30.00")


def test_another_mesas_import_is_not_found_but_a_national_one_is_seen(client: Any, personas: Personas) -> None:
    other = ImportBatch.objects.create(
        kind=ImportBatch.Kind.COUNTS, mesa=personas.mesa_b, file_name="b.csv", sha256="b"
    )
    national = ImportBatch.objects.create(kind=ImportBatch.Kind.SESNSP_NEW, file_name="idm.csv", sha256="n")
    client.force_login(personas.sara)
    headers = bearer(token_for(personas.sara))
    for batch, status in ((other, 404), (national, 200)):
        page = reverse("indicators:import_detail", kwargs={"mesa_slug": "mesa-a", "public_id": batch.public_id})
        assert client.get(page).status_code == status
        api = f"/api/v1/mesas/mesa-a/indicator-imports/{batch.public_id}"
        assert client.get(api, headers=headers).status_code == status
