from typing import Any

from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "msj.elections"
    label = "elections"

    def ready(self) -> None:
        from msj.votes.services import vote_closed

        vote_closed.connect(_record_outcome, dispatch_uid="elections.record_outcome")


def _record_outcome(sender: Any, vote: Any, result: Any, **kwargs: Any) -> None:
    """Remember what a closed election decided (inside the closing transaction)."""
    from msj.elections.services import record_outcome

    record_outcome(vote=vote, result=result)
