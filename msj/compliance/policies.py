"""Who may read the compliance dashboard (issue: coordinator, secretary and Executive Committee)."""

from __future__ import annotations

from typing import Any

from msj.core.policy import Policy
from msj.members.access import Actor, Role
from msj.mesas.models import Mesa


def may_watch_compliance(actor: Actor) -> bool:
    """The coordinator, the alternates, the Executive Committee and the technical secretary.

    The dashboard names members over the absence limit and citizens on no committee, so it
    is for those who act on it; officials never sit on the Executive Committee.
    """
    return actor.is_member and (actor.has(Role.SECRETARY) or actor.is_executive) and not actor.has(Role.OFFICIAL)


class CompliancePolicy(Policy[Mesa]):
    def can(self, actor: Any, action: str, obj: Mesa | None = None) -> bool:
        if action in {"view", "export"}:
            return may_watch_compliance(actor)
        return False


compliance_policy = CompliancePolicy()
