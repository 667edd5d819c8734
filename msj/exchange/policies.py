"""Who sees and who acts on what Mesas share with each other (DOMAIN.md §4.10, §4.11).

A member of a Mesa sees the network's directory and its published practices, and what
concerns their own Mesa: its twinnings and visits. A twinning's shared documents are read
only by the members of the two committees and by the two Mesas' coordinators and technical
secretaries; each side's record of a visit only in its own Mesa. Network staff never pass
a Mesa's door here: they read the directory, the visits' list and the practices on their
own pages.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from msj.committees.models import Committee, CommitteeMember
from msj.committees.policies import is_committee_officer
from msj.core.policy import Policy
from msj.exchange.models import DirectoryCard, Practice, SharedDocument, Twinning, Visit
from msj.members.access import Role


def is_member(actor: Any) -> bool:
    return bool(getattr(actor, "is_member", False))


def runs_the_mesa(actor: Any) -> bool:
    """The coordinator and the technical secretary speak for the Mesa to the others."""
    return is_member(actor) and actor.has(Role.COORDINATOR, Role.SECRETARY)


def serves_on(actor: Any, committee: Committee) -> bool:
    if not is_member(actor) or committee.mesa_id != actor.mesa.pk:
        return False
    return CommitteeMember.objects.serving().filter(committee=committee, membership=actor.membership).exists()


def twinnable_committees(actor: Any) -> models.QuerySet[Committee]:
    """The actor's committees they may twin: all working ones for those who run the Mesa, else those they coordinate.

    The Executive and the Honour and Justice committees are never twinned: their members are
    not exposed even inside their own Mesa.
    """
    queryset = Committee.objects.filter(mesa=actor.mesa, dissolved_on__isnull=True).exclude(
        kind__in=Committee.RESTRICTED_KINDS
    )
    if runs_the_mesa(actor):
        return queryset
    officers = CommitteeMember.objects.serving().filter(
        membership=actor.membership, role__in=[CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE]
    )
    return queryset.filter(pk__in=officers.values("committee_id"))


class CardPolicy(Policy[DirectoryCard]):
    def can(self, actor: Any, action: str, obj: DirectoryCard | None = None) -> bool:
        if action == "view_directory":
            return is_member(actor)
        if action == "edit":
            return runs_the_mesa(actor)
        return False


class TwinningPolicy(Policy[Twinning]):
    def visible(self, actor: Any, queryset: models.QuerySet[Twinning]) -> models.QuerySet[Twinning]:
        if not is_member(actor):
            return queryset.none()
        return queryset.filter(Q(committee__mesa=actor.mesa) | Q(partner__mesa=actor.mesa))

    def can(self, actor: Any, action: str, obj: Twinning | None = None) -> bool:
        if not is_member(actor):
            return False
        if action == "view":
            return True
        if action == "request":
            return twinnable_committees(actor).exists()
        if obj is None:
            return False
        own = obj.side(actor.mesa)
        if action == "decide":
            # The receiving Mesa's coordinator or the receiving committee's coordinator answers.
            return own == obj.partner and (actor.has(Role.COORDINATOR) or is_committee_officer(actor, own))
        if action == "end":
            return runs_the_mesa(actor) or is_committee_officer(actor, own)
        if action == "view_documents":
            return runs_the_mesa(actor) or serves_on(actor, own)
        if action == "share":
            return runs_the_mesa(actor) or serves_on(actor, own)
        return False

    def documents(self, actor: Any, twinning: Twinning) -> models.QuerySet[SharedDocument]:
        """The shared space: both sides' documents while the twinning is active, one's own afterwards."""
        if not self.can(actor, "view_documents", twinning):
            return SharedDocument.objects.none()
        queryset = SharedDocument.objects.filter(twinning=twinning)
        if twinning.status != Twinning.Status.ACTIVE:
            queryset = queryset.filter(mesa=actor.mesa)
        return queryset


class VisitPolicy(Policy[Visit]):
    def visible(self, actor: Any, queryset: models.QuerySet[Visit]) -> models.QuerySet[Visit]:
        if not is_member(actor):
            return queryset.none()
        return queryset.filter(Q(visitor=actor.mesa) | Q(host=actor.mesa))

    def can(self, actor: Any, action: str, obj: Visit | None = None) -> bool:
        if not is_member(actor):
            return False
        if action == "view":
            return True
        if action == "request":
            return runs_the_mesa(actor)
        if obj is None:
            return False
        if action == "decide":
            return obj.host_id == actor.mesa.pk and runs_the_mesa(actor)
        if action == "record":
            return runs_the_mesa(actor)
        return False


def drafts_practices(actor: Any) -> bool:
    """The Executive Committee and the technical secretary write practices; only the
    coordinator or the secretary publishes them."""
    return is_member(actor) and (actor.is_executive or actor.has(Role.SECRETARY)) and not actor.has(Role.OFFICIAL)


# Policies answer who may act; whether the object's state allows the act is the service's to
# refuse, with a message (a decided request cannot be decided again).


class PracticePolicy(Policy[Practice]):
    def visible(self, actor: Any, queryset: models.QuerySet[Practice]) -> models.QuerySet[Practice]:
        if not is_member(actor):
            return queryset.none()
        published = Q(status=Practice.Status.PUBLISHED, mesa__network_id=actor.mesa.network_id)
        if drafts_practices(actor):
            return queryset.filter(published | Q(mesa=actor.mesa))
        return queryset.filter(published)

    def can(self, actor: Any, action: str, obj: Practice | None = None) -> bool:
        if not is_member(actor):
            return False
        if action == "search":
            return True
        if action == "draft":
            return drafts_practices(actor)
        if obj is None or obj.mesa_id != actor.mesa.pk:
            return False
        if action == "edit":
            return drafts_practices(actor)
        if action in {"publish", "withdraw"}:
            return runs_the_mesa(actor)
        return False


card_policy = CardPolicy()
twinning_policy = TwinningPolicy()
visit_policy = VisitPolicy()
practice_policy = PracticePolicy()
