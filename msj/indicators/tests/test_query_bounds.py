"""The indicators' board, an indicator's page and its figures in the API cost a fixed number of
queries, whatever the number of months, sources and revisions."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from msj.indicators import store
from msj.indicators.models import ImportBatch, Indicator, Observation, Population, Source
from msj.indicators.testing import indicator_fixture
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db

# What each page ran when the bound was set (the same on SQLite and PostgreSQL), and a little room:
# the board computes every indicator (8 of the standard set) in about 10 queries each (each SESNSP
# series asks which imports count, then reads the national store with DuckDB, not counted here).
BOUNDS = {"board": 90, "detail": 23}  # 85 and 20


def add_years(mesa: Any, years: range) -> None:
    """Years of SESNSP rows for every indicator's categories, populations and a revised second source."""
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.SESNSP_NEW, file_name="x", sha256=f"s{years.start}", status=ImportBatch.Status.DONE
    )
    rows = {}
    months = [3, 4, None, None, None, 5] + [None] * 6
    for indicator in Indicator.objects.filter(mesa=mesa):
        for category in indicator.categories.all()[:2]:
            rows.update({("08037", category.pk, y): months for y in years})
        Observation.objects.bulk_create(
            Observation(indicator=indicator, source=Source.OBSERVATORY, year=y, month=m, count=2, revision=r)
            for y in years
            for m in (1, 2)
            for r in (1, 2)
        )
    store.write_rows(batch, [(*key, values) for key, values in rows.items()])
    Population.objects.bulk_create(
        Population(municipality_id="08037", vintage="CONAPO 2010", year=y, population=1_400_000)
        for y in range(years.start - 1, years.stop + 1)
        if not Population.objects.filter(municipality_id="08037", year=y).exists()
    )


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_queries_with_three_times_the_data(client: Any, personas: Personas) -> None:
    homicide = indicator_fixture(personas)
    client.force_login(personas.beto)
    urls = {
        "board": reverse("indicators:board", kwargs={"mesa_slug": "mesa-a"}),
        "detail": reverse("indicators:detail", kwargs={"mesa_slug": "mesa-a", "public_id": homicide.public_id}),
    }
    add_years(personas.mesa_a, range(2015, 2017))
    small = {name: queries(client, url) for name, url in urls.items()}
    add_years(personas.mesa_a, range(2017, 2023))
    large = {name: queries(client, url) for name, url in urls.items()}
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= BOUNDS[name], (name, count)
