"""Who reads, adopts and signs a Mesa's documents (DOMAIN.md §2.7.1, §4.1 step 6, Cuadro 10).

Every member of the Mesa reads its documents in force, their history and the network's models.
Adopting a version is an organisational decision the coordinator or the technical secretary
records (officials never decide how the Mesa is organised: 403). Every citizen and official
member signs the code of ethics and the bylaws in force. Network staff and strangers get 404:
a Mesa's texts are its own; the network sees only which versions are in force, on its side.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from msj.charter.models import AdoptedDocument
from msj.core.policy import Policy
from msj.members.access import Role
from msj.members.models import Membership

# Who signs the code of ethics and the bylaws: citizen members and officials (§3.3.6.3).
SIGNER_KINDS = (Membership.Kind.CITIZEN, Membership.Kind.OFFICIAL)


def keeps_charter(actor: Any) -> bool:
    """The coordinator and the technical secretary record adoptions and follow the signatures."""
    return bool(getattr(actor, "is_member", False)) and actor.has(Role.COORDINATOR, Role.SECRETARY)


def signs(actor: Any) -> bool:
    return bool(getattr(actor, "is_member", False)) and actor.membership.kind in SIGNER_KINDS


class CharterPolicy(Policy[AdoptedDocument]):
    def visible(self, actor: Any, queryset: models.QuerySet[AdoptedDocument]) -> models.QuerySet[AdoptedDocument]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        return queryset.filter(mesa=actor.mesa)

    def can(self, actor: Any, action: str, obj: AdoptedDocument | None = None) -> bool:
        if not getattr(actor, "is_member", False):
            return False
        if action == "view":
            return obj is None or obj.mesa_id == actor.mesa.pk
        if action in {"adopt", "follow_signatures"}:
            return keeps_charter(actor)
        if action == "sign":
            return signs(actor)
        return False


charter_policy = CharterPolicy()
