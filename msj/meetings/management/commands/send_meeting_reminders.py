"""Remind the owners of overdue agreements before each meeting of the body (run daily from cron)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from msj.meetings.services import REMINDER_LEAD, send_meeting_reminders


class Command(BaseCommand):
    # Help texts stay in English, as in Django's own commands; the result is translated.
    help = (
        "E-mail the owners of each body's overdue agreements before the body's convened meetings. "
        "Idempotent: each meeting and owner get one reminder, however often it runs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_LEAD.days,
            help="Remind for meetings starting within this many days (default: %(default)s).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        count = send_meeting_reminders(lead=dt.timedelta(days=days))
        message = ngettext("Queued %(count)d reminder.", "Queued %(count)d reminders.", count)
        self.stdout.write(message % {"count": count})
