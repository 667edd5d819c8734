"""Refuse the imports whose worker ended before finishing, so that their files can be imported again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from msj.indicators.imports import STALLED_AFTER, recover_stalled_imports


class Command(BaseCommand):
    help = f"Refuse imports still running after {STALLED_AFTER} (their worker ended); nothing of theirs was written."

    def handle(self, *args: Any, **options: Any) -> None:
        count = recover_stalled_imports()
        self.stdout.write(f"{count} stalled import(s) refused.")
