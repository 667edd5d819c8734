"""The daily election job. Idempotent: a retry or a second run the same day changes nothing more."""

from __future__ import annotations

from django_tasks import task

from msj.elections import services


@task()
def run_election_jobs_task() -> dict[str, int]:
    return services.run_due()
