"""Recompute votes from their raw rows and report any tampering (see msj/votes/verify.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msj.votes.models import Vote
from msj.votes.verify import verify_vote


class Command(BaseCommand):
    help = "Check every vote's ledger chain, ballots and result; exit with an error if any problem is found."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mesa", help="Only the votes of this Mesa (its short name).")
        parser.add_argument("--vote", help="Only this vote (its public id).")

    def handle(self, *args: Any, **options: Any) -> None:
        votes = Vote.objects.select_related("mesa").order_by("id")
        if options["mesa"]:
            votes = votes.filter(mesa__slug=options["mesa"])
        if options["vote"]:
            votes = votes.filter(public_id=options["vote"])
        failed = 0
        for vote in votes:
            report = verify_vote(vote)
            status = "OK" if report.ok else "TAMPERED"
            self.stdout.write(f"{status} {vote.mesa.slug} {vote.public_id} ({report.entries} ledger entries)")
            for problem in report.problems:
                self.stdout.write(f"  - {problem}")
            failed += not report.ok
        if failed:
            raise CommandError(f"{failed} vote(s) failed verification.")
