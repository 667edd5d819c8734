"""Who sees the elections and who acts in them (DOMAIN.md §3, §4.4).

Elections are the citizen members' business, like every membership vote: the citizen members
(the Executive Committee among them) and the technical secretary see them; officials, guests,
volunteers, honorary citizens and network staff get 404 for every page of this capability.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from msj.core.policy import Policy
from msj.elections.models import ElectionCycle
from msj.members.access import Role


def sees_elections(actor: Any) -> bool:
    return bool(getattr(actor, "is_member", False)) and actor.has(Role.CITIZEN, Role.SECRETARY)


class ElectionPolicy(Policy[ElectionCycle]):
    def visible(self, actor: Any, queryset: models.QuerySet[ElectionCycle]) -> models.QuerySet[ElectionCycle]:
        if not sees_elections(actor):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Any, action: str, obj: ElectionCycle | None = None) -> bool:
        if not sees_elections(actor):
            return False
        if action == "view":
            return True
        if action == "submit_candidacy":
            # A citizen member for themselves; the secretary records a letter received by e-mail.
            return actor.has(Role.CITIZEN, Role.SECRETARY)
        if action == "record_for_others":
            return actor.has(Role.SECRETARY)
        if action == "stand":
            return actor.has(Role.COORDINATOR)
        if action == "forward":
            return actor.has(Role.SECRETARY)
        if action == "open_due":
            return actor.has(Role.SECRETARY) or actor.is_executive
        if action == "next_round":
            # DOMAIN.md §3: the Executive Committee may open a second round.
            return actor.is_executive
        return False

    def require(self, actor: Any, action: str, obj: ElectionCycle | None = None) -> None:
        """Like Policy.require, but whoever may not see elections gets 404: officials included."""
        if not self.can(actor, action, obj):
            if not sees_elections(actor):
                raise Http404
            raise PermissionDenied


election_policy = ElectionPolicy()
