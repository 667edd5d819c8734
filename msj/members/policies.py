"""Who may see and change the people of a Mesa."""

from __future__ import annotations

from django.db import models

from msj.core.policy import Policy
from msj.members.access import Actor, Role
from msj.members.models import Membership, Office, Seat

# People who may see who belongs to the Mesa. Network staff may not: the identity of
# citizen members is itself confidential where organised crime threatens them.
DIRECTORY_ROLES = (Role.CITIZEN, Role.OFFICIAL, Role.STAFF, Role.HONORARY)


class MembershipPolicy(Policy[Membership]):
    def visible(self, actor: Actor, queryset: models.QuerySet[Membership]) -> models.QuerySet[Membership]:
        if not actor.has(*DIRECTORY_ROLES):
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        if actor.has(Role.SECRETARY, Role.COORDINATOR):
            return queryset
        # Everyone else sees the people who are in the Mesa now, not past suspensions or removals.
        return queryset.filter(status=Membership.Status.ACTIVE, ended_on__isnull=True)

    def can(self, actor: Actor, action: str, obj: Membership | None = None) -> bool:
        if action == "view":
            return actor.has(*DIRECTORY_ROLES)
        if action == "export":
            return actor.has(Role.SECRETARY, Role.COORDINATOR)
        if action == "change_status":
            # Recording a suspension, resignation or removal; the decision itself is a vote.
            return actor.has(Role.SECRETARY, Role.COORDINATOR) and (obj is None or obj.user_id != actor.user.pk)
        return False


class SeatPolicy(Policy[Seat]):
    def visible(self, actor: Actor, queryset: models.QuerySet[Seat]) -> models.QuerySet[Seat]:
        if not actor.has(*DIRECTORY_ROLES):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Actor, action: str, obj: Seat | None = None) -> bool:
        if action == "view":
            return actor.has(*DIRECTORY_ROLES)
        if action in {"hand_over", "create"}:
            return actor.has(Role.SECRETARY)
        return False


class OfficePolicy(Policy[Office]):
    def visible(self, actor: Actor, queryset: models.QuerySet[Office]) -> models.QuerySet[Office]:
        if not actor.has(*DIRECTORY_ROLES):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Actor, action: str, obj: Office | None = None) -> bool:
        return action == "view" and actor.has(*DIRECTORY_ROLES)


membership_policy = MembershipPolicy()
seat_policy = SeatPolicy()
office_policy = OfficePolicy()
