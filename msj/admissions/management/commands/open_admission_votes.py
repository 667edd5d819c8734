"""Open the admission votes that are due (run daily, or hourly; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from msj.admissions.services import open_due_admission_votes


class Command(BaseCommand):
    help = "Open the vote on every candidate presented at a citizens' meeting the day before or earlier."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"opened={open_due_admission_votes()}")
