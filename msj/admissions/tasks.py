"""Jobs of admissions. Idempotent: a duplicate or a retry opens nothing twice."""

from __future__ import annotations

from django_tasks import task

from msj.admissions import services


@task()
def open_due_admission_votes_task() -> int:
    """Open the votes due today (enqueued for the day after each presentation, and run by the command)."""
    return services.open_due_admission_votes()
