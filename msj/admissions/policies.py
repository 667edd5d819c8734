"""Who may see and act on applications for admission (DOMAIN.md §4.2, §4.5).

Admissions are the citizen members' business. An application goes first to the Executive
Committee: until its CV is distributed, only the Executive Committee, the technical
secretary and the member who proposed the candidate see it; afterwards every citizen member
does. Officials, staff other than the secretary, volunteers, guests, honorary citizens and
network staff never see an application or the candidate's files: 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from msj.admissions.models import Application
from msj.core.policy import Policy
from msj.members.access import Role


def is_reader(actor: Any) -> bool:
    """Citizen members, the Executive Committee and the technical secretary; never an official."""
    if not getattr(actor, "is_member", False) or actor.has(Role.OFFICIAL):
        return False
    return actor.has(Role.CITIZEN, Role.SECRETARY) or actor.is_executive


def oversees(actor: Any) -> bool:
    """The Executive Committee and the technical secretary run the process."""
    return is_reader(actor) and (actor.is_executive or actor.has(Role.SECRETARY))


class AdmissionPolicy(Policy[Application]):
    def visible(self, actor: Any, queryset: models.QuerySet[Application]) -> models.QuerySet[Application]:
        if not is_reader(actor):
            return queryset.none()
        queryset = queryset.filter(mesa=actor.mesa)
        if oversees(actor):
            return queryset
        return queryset.filter(Q(distributed_at__isnull=False) | Q(proposer=actor.membership))

    def can(self, actor: Any, action: str, obj: Application | None = None) -> bool:
        if not is_reader(actor):
            return False
        if action in {"list", "view_bylaws"}:
            return True
        if action == "apply":
            return actor.has(Role.CITIZEN)
        if action == "review":
            return actor.is_executive
        if action in {"distribute", "present", "record_signing"}:
            return oversees(actor)
        if action in {"open_vote", "edit_bylaws"}:
            return actor.has(Role.SECRETARY)
        if obj is None:
            return False
        if action == "view":
            return self.visible(actor, Application.objects.filter(pk=obj.pk)).exists()
        if action == "choose_committee":
            # The new member chooses; the secretary may record the choice for them.
            own = obj.membership_id is not None and obj.membership_id == getattr(actor.membership, "pk", None)
            return own or actor.has(Role.SECRETARY)
        return False

    def require(self, actor: Any, action: str, obj: Application | None = None) -> None:
        """Like Policy.require, but officials get 404 too: admissions do not exist for them."""
        if not self.can(actor, action, obj):
            if not is_reader(actor):
                raise Http404
            raise PermissionDenied


admission_policy = AdmissionPolicy()
