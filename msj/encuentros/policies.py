"""Who sees and does what of the Encuentro Nacional on a Mesa's pages.

Every member of the Mesa (citizens, officials, staff, honorary citizens) sees the network's
Encuentros and the Mesa's own delegates; the agenda once the Mesa has registered someone.
The coordinator and the technical secretary register the delegates, see the network
agreements where the Mesa is responsible and report on them. Network staff get 404 on a
Mesa's pages, as everywhere there: they keep the Encuentro on the network's own pages
(msj.network.access.network_view), where everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from msj.agreements.policies import MEMBER_ROLES
from msj.core.policy import Policy
from msj.encuentros.models import Delegate, Encuentro, NetworkAgreement
from msj.members.access import Role

# The two who act for the Mesa towards the network (DOMAIN.md §2: coordinator, technical secretary).
MESA_KEEPERS = (Role.COORDINATOR, Role.SECRETARY)


class EncuentroPolicy(Policy[Encuentro]):
    def visible(self, actor: Any, queryset: models.QuerySet[Encuentro]) -> models.QuerySet[Encuentro]:
        if not getattr(actor, "is_member", False):
            return queryset.none()
        return queryset.filter(network_id=actor.mesa.network_id)

    def can(self, actor: Any, action: str, obj: Encuentro | None = None) -> bool:
        if not getattr(actor, "is_member", False):
            return False
        if action == "view":
            return bool(actor.has(*MEMBER_ROLES))
        if action in {"register", "agreements"}:
            return bool(actor.has(*MESA_KEEPERS))
        if action == "agenda":
            return (
                obj is not None
                and actor.has(*MEMBER_ROLES)
                and Delegate.objects.filter(encuentro=obj, mesa=actor.mesa).exists()
            )
        return False


encuentro_policy = EncuentroPolicy()


class MesaAgreementPolicy(Policy[NetworkAgreement]):
    """The network agreements a Mesa's keepers see: those where their Mesa is responsible."""

    def visible(self, actor: Any, queryset: models.QuerySet[NetworkAgreement]) -> models.QuerySet[NetworkAgreement]:
        if not encuentro_policy.can(actor, "agreements"):
            return queryset.none()
        return queryset.filter(encuentro__network_id=actor.mesa.network_id, responsible_mesas=actor.mesa)

    def can(self, actor: Any, action: str, obj: NetworkAgreement | None = None) -> bool:
        return action in {"view", "follow_up"} and encuentro_policy.can(actor, "agreements")


mesa_agreement_policy = MesaAgreementPolicy()
