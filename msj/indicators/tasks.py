"""Background jobs of the indicators: imports run here, away from the web request."""

from __future__ import annotations

from django_tasks import task

from msj.indicators.imports import run_import_now
from msj.indicators.models import ImportBatch


@task()
def run_import(batch_id: int) -> str:
    """Import a batch queued by start_import; return its final status.

    Idempotent: a batch already done, refused or running elsewhere is left as it is.
    """
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return "missing"
    return str(run_import_now(batch).status)
