from typing import Any

from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "msj.admissions"
    label = "admissions"

    def ready(self) -> None:
        from msj.votes.services import vote_closed

        vote_closed.connect(_on_vote_closed, dispatch_uid="admissions.apply_vote_result")


def _on_vote_closed(sender: Any, *, vote: Any, result: Any, **kwargs: Any) -> None:
    """Apply an admission vote's outcome inside the closing transaction (see services.apply_vote_result)."""
    from msj.admissions.services import apply_vote_result

    apply_vote_result(vote=vote, result=result)
