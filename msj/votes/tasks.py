"""Jobs of the vote engine. All idempotent: a retry or a duplicate changes nothing more."""

from __future__ import annotations

from django_tasks import task

from msj.votes import services
from msj.votes.models import Vote


@task()
def close_vote_task(vote_id: int) -> str:
    """Close a vote at its deadline (enqueued when it opens, to run after `closes_at`)."""
    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None or vote.status == Vote.Status.CLOSED:
        return "skipped"
    # A job may run a few seconds early or a job runner's clock may lag: close only when due.
    services.close_due_votes()
    return "closed" if Vote.objects.filter(pk=vote_id, status=Vote.Status.CLOSED).exists() else "not-due"


@task()
def send_vote_reminders_task(vote_id: int) -> int:
    vote = Vote.objects.filter(pk=vote_id).first()
    return services.send_reminders(vote) if vote is not None else 0


@task()
def run_vote_jobs_task() -> dict[str, int]:
    return run_vote_jobs()


def run_vote_jobs() -> dict[str, int]:
    """What the periodic command does: close what is due, send the reminders that are due."""
    return {"closed": services.close_due_votes(), "reminded": services.send_due_reminders()}
