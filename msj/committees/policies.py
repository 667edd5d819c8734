"""Who may see and change a Mesa's axes and committees (DOMAIN.md §2, §4.5, §4.6)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from msj.committees.models import Committee, CommitteeMember
from msj.core.policy import Policy
from msj.members.access import Actor, Role

# Those who see the Executive and the Honour and Justice committees without serving on them:
# the citizen core of the Mesa and its technical staff. Officials never do (DOMAIN.md §2.7.1).
RESTRICTED_COMMITTEE_READERS = (Role.CITIZEN, Role.STAFF)


def may_record_decisions(actor: Actor) -> bool:
    """The technical secretary and the Executive Committee record committee decisions; officials never."""
    return (actor.has(Role.SECRETARY) or actor.is_executive) and not actor.has(Role.OFFICIAL)


def serving_role(actor: Actor, committee: Committee) -> str | None:
    """The actor's role on the committee if they serve on it now, else None.

    Remembered on the committee instance, so that one page asking several questions about
    the same committee runs the query once.
    """
    if actor.membership is None:
        return None
    cache: dict[int, str | None] = committee.__dict__.setdefault("_serving_roles", {})
    key = actor.membership.pk
    if key not in cache:
        cache[key] = (
            CommitteeMember.objects.serving()
            .filter(committee=committee, membership_id=key)
            .values_list("role", flat=True)
            .first()
        )
    return cache[key]


def is_committee_officer(actor: Actor, committee: Committee) -> bool:
    return serving_role(actor, committee) in {CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE}


class CommitteePolicy(Policy[Committee]):
    def visible(self, actor: Any, queryset: models.QuerySet[Committee]) -> models.QuerySet[Committee]:
        if not actor.is_member:
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        if actor.has(*RESTRICTED_COMMITTEE_READERS):
            return queryset
        restricted = Q(kind__in=Committee.RESTRICTED_KINDS)
        if actor.has(Role.OFFICIAL):
            return queryset.exclude(restricted)
        # Volunteers, guests and honorary citizens see a restricted committee only while they
        # serve on it (a guest of the Honour and Justice Committee, DOMAIN.md §4.3).
        serving = CommitteeMember.objects.serving().filter(committee=OuterRef("pk"), membership=actor.membership)
        return queryset.filter(~restricted | Exists(serving))

    def can(self, actor: Any, action: str, obj: Committee | None = None) -> bool:
        if not actor.is_member:
            return False
        if action in {"view", "request_join", "leave"}:
            return True
        if action in {"create", "dissolve", "create_axis"}:
            return may_record_decisions(actor)
        if action == "view_without_committee":
            return actor.has(Role.SECRETARY) or actor.is_executive
        if obj is None:
            return False
        if action == "decide_request":
            # Cuadro 7: the committee's coordinator approves who joins (the alternate in default).
            return is_committee_officer(actor, obj)
        if action == "view_requests":
            return may_record_decisions(actor) or is_committee_officer(actor, obj)
        if action == "add_person":
            return actor.has(Role.SECRETARY) or is_committee_officer(actor, obj)
        if action == "adopt_manual":
            return may_record_decisions(actor) or is_committee_officer(actor, obj)
        if action == "sign":
            return serving_role(actor, obj) is not None
        return False


committee_policy = CommitteePolicy()
