"""Who may see and change the security agenda and its diagnoses (DOMAIN.md §4.8, §4.9)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from msj.committees.models import CommitteeMember
from msj.core.policy import Policy
from msj.members.access import Role
from msj.topics.models import Topic


def _edits_agenda(actor: Any) -> bool:
    return (actor.has(Role.SECRETARY) or actor.is_executive) and not actor.has(Role.OFFICIAL)


def serves_on_linked_committee(actor: Any, topic: Topic) -> bool:
    """Whether the actor serves now on a committee working on the topic (they write its diagnosis)."""
    if actor.membership is None:
        return False
    return (
        CommitteeMember.objects.serving()
        .filter(membership=actor.membership, committee__topics=topic, committee__dissolved_on__isnull=True)
        .exists()
    )


class TopicPolicy(Policy[Topic]):
    """Every current member sees the agenda (it is agreed with the authorities, DOMAIN.md §4.7).

    The secretary, the coordinator and the Executive Committee edit it; they and the members
    of a committee linked to a topic write its diagnosis (§3.3.12: the committees draft it).
    """

    def visible(self, actor: Any, queryset: models.QuerySet[Topic]) -> models.QuerySet[Topic]:
        if not actor.is_member:
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Any, action: str, obj: Topic | None = None) -> bool:
        if not actor.is_member:
            return False
        if action == "view":
            return True
        if action in {"create", "edit"}:
            return _edits_agenda(actor)
        if action == "write_diagnosis":
            return _edits_agenda(actor) or (obj is not None and serves_on_linked_committee(actor, obj))
        return False


def visible_agreements(actor: Any, topic: Topic) -> models.QuerySet[Any]:
    """The agreements linked to a topic that the actor may read.

    Agreements sit above topics, so they are reached through the reverse relation and this
    mirrors `msj.agreements.policies.AgreementPolicy.visible_q` (a test keeps the two equal):
    reading follows the audience of each agreement.
    """
    agreements = topic.agreements.all()  # type: ignore[attr-defined]
    membership = actor.membership
    if membership is None:
        return agreements.none()  # type: ignore[no-any-return]
    audiences = []
    if actor.has(Role.CITIZEN, Role.OFFICIAL, Role.STAFF, Role.HONORARY):
        audiences.append("mesa")
    if actor.has(Role.CITIZEN, Role.SECRETARY):
        audiences += ["citizens", "committee"]
    if actor.is_executive or actor.has(Role.SECRETARY):
        audiences.append("executive")
    my_committees = CommitteeMember.objects.serving().filter(membership=membership).values("committee_id")
    rule = Q(audience__in=audiences) | Q(audience="committee", committee_id__in=my_committees)
    if membership.seat_id is not None:
        seats = agreements.model.responsible_seats.through.objects.filter(
            agreement=OuterRef("pk"), seat_id=membership.seat_id
        )
        rule |= Q(audience__in=["mesa", "committee"]) & Q(Exists(seats))
    return agreements.filter(Q(mesa_id=actor.mesa.pk) & rule)  # type: ignore[no-any-return]


topic_policy = TopicPolicy()
