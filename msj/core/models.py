"""The shared kernel: base models and the confidentiality scale."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicIdModel(models.Model):
    """A row reachable from the outside only by an opaque UUID, never by its primary key."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Confidentiality(models.TextChoices):
    """Who may read a record, from the widest audience to the narrowest.

    Everything in a Mesa is confidential by default (DOMAIN.md §4.10): PUBLIC and NETWORK
    are reached only by an explicit, audited act of publication.
    """

    PUBLIC = "public", _("Public")
    NETWORK = "network", _("National network")
    MESA = "mesa", _("Mesa members")
    CITIZENS = "citizens", _("Citizen members only")
    EXECUTIVE = "executive", _("Executive Committee only")
