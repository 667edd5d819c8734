"""Who sees and who makes the Executive Committee's proposals (DOMAIN.md §4.5).

The Executive Committee and the technical secretary see them; only members of the
Executive Committee propose. Everyone else — citizen members without an office, officials,
guests, network staff — gets 404 for every page of this capability.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from msj.core.policy import Policy
from msj.decisions.models import Proposal
from msj.members.access import Role


def sees_proposals(actor: Any) -> bool:
    return bool(getattr(actor, "is_member", False)) and (actor.is_executive or actor.has(Role.SECRETARY))


class ProposalPolicy(Policy[Proposal]):
    def visible(self, actor: Any, queryset: models.QuerySet[Proposal]) -> models.QuerySet[Proposal]:
        if not sees_proposals(actor):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Any, action: str, obj: Proposal | None = None) -> bool:
        if not sees_proposals(actor):
            return False
        if action == "view":
            return True
        if action == "propose":
            return bool(actor.is_executive)
        return False

    def require(self, actor: Any, action: str, obj: Proposal | None = None) -> None:
        """Like Policy.require, but whoever may not see proposals gets 404: officials included."""
        if not self.can(actor, action, obj):
            if not sees_proposals(actor):
                raise Http404
            raise PermissionDenied


proposal_policy = ProposalPolicy()
