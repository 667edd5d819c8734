"""Open the election votes that are due and hand over the offices whose term starts (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from msj.elections.services import run_due


class Command(BaseCommand):
    help = (
        "Create each Mesa's election cycle, open the coordinator and alternate votes that are due "
        "and give the elected their office when the term starts (idempotent; run daily)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_due()
        self.stdout.write(f"opened={done['opened']} applied={done['applied']}")
