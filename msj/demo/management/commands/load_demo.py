"""`manage.py load_demo`: create the demo network, Mesas and people; safe to run again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from msj.demo.data import PASSWORD
from msj.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data (two fictional Mesas and invented people). Running it again adds nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. Every demo account shares a published password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            # The demo accounts all use a password printed in the docs: never in production by accident.
            raise CommandError(
                f"DEBUG is off: this looks like a production database, and every demo account uses the "
                f"password {PASSWORD!r}. Run with DEBUG=1, or pass --force for a demonstration server."
            )
        created = load_demo()
        if not created:
            self.stdout.write("The demo data was already loaded; nothing was added.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in sorted(created.items()))
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        self.stdout.write("Run `manage.py demo_logins` to see how to sign in.")
