"""Migration 0007 moves the counts of the former table into the national store, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from msj.indicators.testing import ensure_reference_data, stored_rows

BEFORE = [("indicators", "0006_publication_withdrawal_and_frozen_figures")]
AFTER = [("indicators", "0008_population_index")]


@pytest.mark.django_db(transaction=True)
def test_the_counts_move_into_the_store_with_their_revisions(tmp_path: Path) -> None:
    ensure_reference_data()  # an earlier transactional test may have emptied the catalogue
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    batch_model, count_model = (
        apps.get_model("indicators", "ImportBatch"),
        apps.get_model("indicators", "CategoryCount"),
    )
    category = apps.get_model("indicators", "CrimeCategory").objects.filter(methodology="new").first()
    first, later = (
        batch_model.objects.create(kind="sesnsp_new", file_name=name, sha256=name, status="done", rows_written=n)
        for name, n in (("jan.csv", 2), ("feb.csv", 1))
    )
    months = {f"m{m:02d}": m for m in range(1, 13)}
    count_model.objects.create(
        batch=first, municipality_id="08037", category=category, year=2024, revision=1, is_current=False, **months
    )
    count_model.objects.create(batch=first, municipality_id="08019", category=category, year=2024, m01=7)
    count_model.objects.create(
        batch=later, municipality_id="08037", category=category, year=2024, revision=2, **{**months, "m02": None}
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    rows = {(r.municipality_id, r.revision): (r.is_current, r.months, r.batch_id) for r in stored_rows()}
    assert rows == {
        ("08019", 1): (True, [7] + [None] * 11, first.pk),
        ("08037", 1): (False, list(range(1, 13)), first.pk),
        ("08037", 2): (True, [1, None, *range(3, 13)], later.pk),
    }
