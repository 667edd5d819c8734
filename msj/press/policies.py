"""Who drafts, approves, publishes, withdraws and reads a Mesa's press work (DOMAIN.md §4.10).

- Reading: citizen members and the technical secretary see every release and conference.
  Officials see what is under the protocol with the authorities, and every published release.
  Other members (honorary citizens, volunteers, guests, other staff) see published releases only.
  Network staff and strangers get 404: the network reads only what was published, through the
  public pages, never these.
- Drafting (and editing a draft, and preparing a conference): the coordinator, the Executive
  Committee and the technical secretary, plus the citizen members of the Communication
  Committee (Cuadro 13) — recognised by its name, as committees have no kind for it yet.
- Approving: a member of the Executive Committee (officials never sit on it). The service
  refuses whoever drafted or changed the draft, so that someone who did not write a release has
  read it before it can go out.
- Publishing: the coordinator, who is the spokesperson, or the technical secretary, once approved.
- Withdrawing: the coordinator or a member of the Executive Committee, always with a reason.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from msj.committees.models import Committee, CommitteeMember
from msj.core.policy import Policy
from msj.members.access import Role
from msj.press.models import PressConference, Protocol, Release

# How a committee's name tells it is the Communication Committee ("Comité de comunicación y difusión").
COMMUNICATION_COMMITTEE_NAME = "comunicaci"


def on_communication_committee(actor: Any) -> bool:
    if actor.membership is None or not actor.has(Role.CITIZEN):
        return False
    return (
        CommitteeMember.objects.serving()
        .filter(
            membership=actor.membership,
            committee__mesa=actor.mesa,
            committee__kind=Committee.Kind.THEMATIC,
            committee__dissolved_on__isnull=True,
            committee__name__icontains=COMMUNICATION_COMMITTEE_NAME,
        )
        .exists()
    )


def sees_everything(actor: Any) -> bool:
    """Citizen members and the technical secretary read all the Mesa's press work."""
    return bool(actor.has(Role.CITIZEN, Role.SECRETARY))


def drafts(actor: Any) -> bool:
    if actor.has(Role.OFFICIAL):
        return False
    return bool(actor.is_executive or actor.has(Role.SECRETARY)) or on_communication_committee(actor)


class ReleasePolicy(Policy[Release]):
    def visible(self, actor: Any, queryset: models.QuerySet[Release]) -> models.QuerySet[Release]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        if sees_everything(actor):
            return queryset
        rule = Q(status=Release.Status.PUBLISHED)
        if actor.has(Role.OFFICIAL):
            rule |= Q(protocol=Protocol.AUTHORITIES)
        return queryset.filter(rule)

    def can(self, actor: Any, action: str, obj: Release | None = None) -> bool:
        if not getattr(actor, "is_member", False):
            return False
        if action == "view":
            return True
        if action == "create":
            return drafts(actor)
        if action == "edit":
            return drafts(actor) and (obj is None or obj.is_draft)
        if action == "approve":
            return bool(actor.is_executive) and not actor.has(Role.OFFICIAL)
        if action == "publish":
            return bool(actor.has(Role.COORDINATOR, Role.SECRETARY))
        if action == "withdraw":
            return bool(actor.is_executive) and not actor.has(Role.OFFICIAL)
        return False


class ConferencePolicy(Policy[PressConference]):
    def visible(self, actor: Any, queryset: models.QuerySet[PressConference]) -> models.QuerySet[PressConference]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        if sees_everything(actor):
            return queryset
        if actor.has(Role.OFFICIAL):
            return queryset.filter(protocol=Protocol.AUTHORITIES)
        return queryset.none()

    def can(self, actor: Any, action: str, obj: PressConference | None = None) -> bool:
        if not getattr(actor, "is_member", False):
            return False
        if action == "view":
            return True
        if action in {"create", "record"}:
            return drafts(actor)
        return False


release_policy = ReleasePolicy()
conference_policy = ConferencePolicy()
