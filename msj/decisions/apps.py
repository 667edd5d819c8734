from typing import Any

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "msj.decisions"
    label = "decisions"

    def ready(self) -> None:
        from msj.votes.services import vote_closed

        vote_closed.connect(_record_outcome, dispatch_uid="decisions.record_outcome")


def _record_outcome(sender: Any, vote: Any, result: Any, **kwargs: Any) -> None:
    """Apply an approved Executive Committee proposal (inside the closing transaction)."""
    from msj.decisions.services import record_outcome

    record_outcome(vote=vote, result=result)
