"""Who sees a vote and its ballots (DOMAIN.md §3, issue 4).

Membership votes (admissions, elections) are the citizen members' business: citizen
members, the Executive Committee and the technical secretary see them; officials, guests,
volunteers and honorary citizens get 404. Executive Committee decisions are seen by the
committee and the secretary only. Ballots are nominal: the secretary and the Executive
Committee see who voted what; everyone else sees counts and their own ballot.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from msj.core.policy import Policy
from msj.members.access import Actor, Role
from msj.votes.models import Vote

MEMBERSHIP_KINDS = (Vote.Kind.ADMISSION, Vote.Kind.ELECTION)


def sees_ballots(actor: Actor) -> bool:
    return actor.is_member and (actor.is_executive or actor.has(Role.SECRETARY))


class VotePolicy(Policy[Vote]):
    def visible(self, actor: Any, queryset: models.QuerySet[Vote]) -> models.QuerySet[Vote]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        if sees_ballots(actor):
            return queryset
        if actor.has(Role.CITIZEN):
            return queryset.filter(kind__in=MEMBERSHIP_KINDS)
        # Whoever was an elector (a member since suspended still sees what they voted on).
        return queryset.filter(Q(electors__membership=actor.membership)).distinct()

    def can(self, actor: Any, action: str, obj: Vote | None = None) -> bool:
        if not getattr(actor, "is_member", False):
            return False
        if action == "view":
            return sees_ballots(actor) or actor.has(Role.CITIZEN)
        if action in {"see_ballots", "export"}:
            return sees_ballots(actor)
        if action == "close":
            return actor.has(Role.SECRETARY, Role.COORDINATOR)
        if action == "review":
            # Citizen members may ask for a review of a membership vote's count (Cuadro 11).
            return actor.has(Role.CITIZEN) and (obj is None or obj.kind in MEMBERSHIP_KINDS or actor.is_executive)
        if action == "import":
            return actor.has(Role.SECRETARY)
        return False


vote_policy = VotePolicy()
