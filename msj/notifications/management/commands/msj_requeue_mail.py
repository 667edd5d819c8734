"""Give a new delivery job to outbox messages whose job was lost (run from cron or by hand)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from msj.notifications.tasks import STALLED_AFTER, requeue_stalled_mail


class Command(BaseCommand):
    # Help texts stay in English, as in Django's own commands; the result is translated.
    help = "Re-queue outbox messages left in 'sending' by a stopped worker, or queued and overdue without a job."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(STALLED_AFTER.total_seconds() // 60),
            metavar="MINUTES",
            help="Only messages stalled for at least this many minutes (default: %(default)s).",
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        count = requeue_stalled_mail(older_than=dt.timedelta(minutes=older_than))
        message = ngettext("Re-queued %(count)d outbox message.", "Re-queued %(count)d outbox messages.", count)
        self.stdout.write(message % {"count": count})
