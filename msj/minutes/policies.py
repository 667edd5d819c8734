"""Who may read and write the minutes (actas) of a meeting.

Whoever may see a meeting (the meetings app's policy) may read its minutes once they are
circulated; drafts are for the technical secretary and the coordinator, who are also the
only ones who write, circulate, record the approval, seal and correct them. The minutes of
a citizens' meeting are for citizens only, even for an official invited there to present.
"""

from __future__ import annotations

from django.db import models

from msj.core.policy import Policy
from msj.meetings.models import Meeting
from msj.meetings.policies import meeting_policy
from msj.members.access import Actor, Role
from msj.minutes.models import Minutes

# Who writes the minutes (DOMAIN.md §4.7: the technical secretary records them).
WRITER_ROLES = (Role.SECRETARY, Role.COORDINATOR)
# The deliberations of citizens' meetings are read by citizens and the secretary only.
CITIZENS_ONLY_KINDS = (Meeting.Kind.CITIZENS,)


def is_writer(actor: Actor) -> bool:
    return actor.is_member and actor.has(*WRITER_ROLES)


class MinutesPolicy(Policy[Minutes]):
    def visible(self, actor: Actor, queryset: models.QuerySet[Minutes]) -> models.QuerySet[Minutes]:
        queryset = queryset.filter(meeting__in=meeting_policy.visible(actor, Meeting.objects.all()))
        if not actor.has(Role.CITIZEN, Role.SECRETARY):
            queryset = queryset.exclude(meeting__kind__in=CITIZENS_ONLY_KINDS)
        if is_writer(actor):
            return queryset
        return queryset.exclude(status=Minutes.Status.DRAFT)

    def can(self, actor: Actor, action: str, obj: Minutes | None = None) -> bool:
        """Decide on minutes the actor can already see (fetched through `visible`)."""
        if not actor.is_member:
            return False
        if action in {"view", "export"}:
            return obj is None or obj.status != Minutes.Status.DRAFT or is_writer(actor)
        if action in {"write", "circulate", "approve", "seal", "correct"}:
            return is_writer(actor)
        if action == "comment":
            return obj is not None and obj.status == Minutes.Status.CIRCULATED
        return False


minutes_policy = MinutesPolicy()
