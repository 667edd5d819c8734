"""The SESNSP counts move from the table CategoryCount into the national store (store.py).

Each import's rows (the rows it brought that were new or revised) become that import's Parquet
file under settings.INDICATORS_STORE_DIR, as an import now writes it; then the table goes.
Going back recreates the table empty: import the national files again.
"""

import csv
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import migrations

MONTH_FIELDS = tuple(f"m{month:02d}" for month in range(1, 13))
TYPES = "{'code': 'VARCHAR', 'category': 'INTEGER', 'year': 'SMALLINT', " + ", ".join(
    f"'{name}': 'INTEGER'" for name in MONTH_FIELDS
) + "}"


def move_counts_to_the_store(apps, schema_editor):
    CategoryCount = apps.get_model("indicators", "CategoryCount")
    ImportBatch = apps.get_model("indicators", "ImportBatch")
    batch_ids = CategoryCount.objects.values_list("batch_id", flat=True).distinct().order_by("batch_id")
    if not batch_ids:
        return
    import duckdb

    directory = Path(settings.INDICATORS_STORE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    db = duckdb.connect()
    for batch in ImportBatch.objects.filter(pk__in=list(batch_ids)).order_by("pk"):
        rows = CategoryCount.objects.filter(batch=batch).values_list(
            "municipality_id", "category_id", "year", *MONTH_FIELDS
        )
        with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="") as handle:
            csv.writer(handle).writerows(("" if v is None else v for v in row) for row in rows.iterator())
            handle.flush()
            target = directory / f"{batch.kind}-{batch.public_id}.parquet"
            source, out = handle.name.replace("'", "''"), str(target).replace("'", "''")
            db.execute(
                f"COPY (SELECT {batch.pk}::INTEGER AS batch, * FROM read_csv('{source}', header = false, "  # noqa: S608
                f"columns = {TYPES}, auto_detect = false) ORDER BY code, category, year) "
                f"TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
            )
    db.close()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_publication_withdrawal_and_frozen_figures"),
    ]

    operations = [
        migrations.RunPython(move_counts_to_the_store, migrations.RunPython.noop),
        migrations.DeleteModel(name="CategoryCount"),
    ]
