"""Who may leave, complain, and see or act on a case of the Honour and Justice Committee (DOMAIN.md §4.3).

A case is for its committee's eyes only: the Executive Committee by office, and the former
coordinators and guests listed on that case. Nobody judges a case they are a party to, so
neither the respondent nor the complainant sees it, whatever their office. Everyone else,
the technical secretary included, gets 404 for a case; officials and network staff get 404
for every page of this capability (a network guest listed on a case excepted).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from msj.core.policy import Policy
from msj.honour.models import Case, PanelMember
from msj.members.access import Role

LISTED_KINDS = (PanelMember.Kind.FORMER_COORDINATOR, PanelMember.Kind.GUEST)


def _excluded(actor: Any) -> bool:
    """Officials never take part in the honour process (DOMAIN.md §2.7.1); strangers have no place."""
    return actor.has(Role.OFFICIAL) or not (actor.is_member or actor.has(Role.NETWORK))


def _sits_by_office(actor: Any) -> bool:
    return actor.is_member and actor.is_executive


class HonourPolicy(Policy[Case]):
    def visible(self, actor: Any, queryset: models.QuerySet[Case]) -> models.QuerySet[Case]:
        if _excluded(actor):
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        listed = Q(panel__kind__in=LISTED_KINDS, panel__user=actor.user)
        if not _sits_by_office(actor):
            # One row per case: a person is listed at most once on a case (a unique constraint).
            queryset = queryset.filter(listed)
        party = Q(respondent__user=actor.user) | Q(complainant__user=actor.user)
        return queryset.exclude(party)

    def can(self, actor: Any, action: str, obj: Case | None = None) -> bool:
        if _excluded(actor):
            return False
        if action == "list":
            return (
                _sits_by_office(actor)
                or PanelMember.objects.filter(case__mesa=actor.mesa, kind__in=LISTED_KINDS, user=actor.user).exists()
            )
        if action in {"view", "record_hearing", "decide", "close"}:
            # A network guest listed on the case too: the case's committee, whoever its members are.
            return obj is not None and self.visible(actor, Case.objects.filter(pk=obj.pk)).exists()
        if not actor.is_member:
            return False
        if action == "resign":
            return True
        if action == "record_resignation":
            return actor.has(Role.SECRETARY)
        if action == "complain":
            return actor.has(Role.CITIZEN)
        if action == "open":
            return _sits_by_office(actor)
        if action == "add_panel_member" and obj is not None:
            # The Executive Committee runs the Honour Committee's protocol (DOMAIN.md §4.5).
            return _sits_by_office(actor) and self.visible(actor, Case.objects.filter(pk=obj.pk)).exists()
        return False

    def require(self, actor: Any, action: str, obj: Case | None = None) -> None:
        """Like Policy.require, but officials get 404 too: this capability does not exist for them."""
        if not self.can(actor, action, obj):
            if _excluded(actor) or not actor.is_member:
                raise Http404
            raise PermissionDenied


honour_policy = HonourPolicy()
