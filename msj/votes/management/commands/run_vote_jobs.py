"""Close the votes past their deadline and send the reminders that are due (run every 15 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from msj.votes.tasks import run_vote_jobs


class Command(BaseCommand):
    help = "Close the votes whose deadline passed and remind electors who have not voted (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_vote_jobs()
        self.stdout.write(f"closed={done['closed']} reminded={done['reminded']}")
