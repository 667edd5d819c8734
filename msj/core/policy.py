"""Permission policies: one per capability, deny by default.

A policy answers both questions a view or an API operation asks — "may this actor
do X to this object?" and "which rows may it see?" — so lists, details, exports
and the API cannot drift apart. Views and API call the same policy object.
"""

from __future__ import annotations

import uuid
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class Policy(Generic[M]):
    """Deny everything; subclasses grant what a capability allows."""

    def visible(self, actor: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.none()

    def can(self, actor: Any, action: str, obj: M | None = None) -> bool:
        return False

    def require(self, actor: Any, action: str, obj: M | None = None) -> None:
        """Refuse unless the actor may do `action`.

        A member without the right gets 403; someone who is no member of the Mesa (network
        staff) gets 404, so confidential pages do not even admit they exist.
        """
        if not self.can(actor, action, obj):
            if not getattr(actor, "is_member", False):
                raise Http404
            raise PermissionDenied

    def get(self, actor: Any, queryset: models.QuerySet[M], public_id: uuid.UUID | str) -> M:
        """Fetch one visible row by its public id; invisible and missing rows are both 404."""
        try:
            return self.visible(actor, queryset).get(public_id=public_id)
        except (ValueError, models.ObjectDoesNotExist):
            raise Http404 from None
