"""Who answers the network's surveys for a Mesa (DOMAIN.md §4.11).

The coordinator answers the coordinators' questionnaire — it asks about the coordinator. The
self-assessment is the Mesa's: the coordinator, the Executive Committee or the technical
secretary fill it in, and only they read it; officials and other members get 403. Network staff
get 404 on the Mesa's pages: they read the answers on the network's own pages.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from msj.core.policy import Policy
from msj.members.access import Role
from msj.surveys.models import SurveyRound


def kinds_for(actor: Any) -> set[str]:
    """The instruments `actor` may answer for their Mesa."""
    if not getattr(actor, "is_member", False):
        return set()
    kinds: set[str] = set()
    if actor.is_executive or actor.has(Role.SECRETARY):
        kinds.add(SurveyRound.Kind.SELF_ASSESSMENT)
    if actor.has(Role.COORDINATOR):
        kinds.add(SurveyRound.Kind.COORDINATORS)
    return kinds


class SurveyRoundPolicy(Policy[SurveyRound]):
    def visible(self, actor: Any, queryset: models.QuerySet[SurveyRound]) -> models.QuerySet[SurveyRound]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        return queryset.filter(network_id=actor.mesa.network_id)

    def can(self, actor: Any, action: str, obj: SurveyRound | None = None) -> bool:
        kinds = kinds_for(actor)
        if action == "list":
            return bool(kinds)
        if action == "answer":
            return obj is not None and obj.kind in kinds
        return False


survey_round_policy = SurveyRoundPolicy()
