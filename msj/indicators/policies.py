"""Who sees and who keeps a Mesa's indicators (DOMAIN.md §4.9, §4.10).

Every member of the Mesa — citizens and officials alike — sees the indicators: they are
presented to the plenary every month. The Indicators Committee and the technical secretary keep
them (imports, targets, settings); members of the Executive Committee approve which months may be
shown to the press. Network staff and strangers get 404: publication to the network and the
public is an explicit act (the press version), not a read of the Mesa's pages.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from msj.committees.models import Committee, CommitteeMember
from msj.core.policy import Policy
from msj.indicators.models import Indicator
from msj.members.access import Role


def on_indicators_committee(actor: Any) -> bool:
    if not getattr(actor, "is_member", False):
        return False
    return (
        CommitteeMember.objects.serving()
        .filter(
            committee__mesa=actor.mesa,
            committee__kind=Committee.Kind.INDICATORS,
            committee__dissolved_on__isnull=True,
            membership=actor.membership,
        )
        .exists()
    )


class IndicatorPolicy(Policy[Indicator]):
    def visible(self, actor: Any, queryset: models.QuerySet[Indicator]) -> models.QuerySet[Indicator]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Any, action: str, obj: Indicator | None = None) -> bool:
        if not getattr(actor, "is_member", False):
            return False
        if action == "view":
            return True
        if action == "manage":
            return actor.has(Role.SECRETARY) or on_indicators_committee(actor)
        if action == "approve_publication":
            return bool(actor.is_executive)
        return False


indicator_policy = IndicatorPolicy()
