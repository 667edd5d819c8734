"""Who may see and change a Mesa's frame and rules."""

from __future__ import annotations

from typing import Any

from django.db import models

from msj.core.policy import Policy
from msj.mesas.models import Mesa


class MesaPolicy(Policy[Mesa]):
    """Every current member sees the frame; network staff see it too, without confidential parts.

    Changing the Mesa's rules is an organisational decision, so only the coordinator and the
    technical secretary record it (DOMAIN.md §2.7.1: officials never decide on organisation).
    """

    def visible(self, actor: Any, queryset: models.QuerySet[Mesa]) -> models.QuerySet[Mesa]:
        return queryset.filter(pk=actor.mesa.pk)

    def can(self, actor: Any, action: str, obj: Mesa | None = None) -> bool:
        if action == "view":
            return True
        if action == "view_rules":
            return bool(actor.is_member)
        if action == "change_rules":
            return actor.has("coordinator", "secretary")
        return False


mesa_policy = MesaPolicy()
