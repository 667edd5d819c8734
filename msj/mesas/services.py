"""Writes to a Mesa's frame, each in one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.mesas.forms import RULE_FIELDS, MesaRulesForm
from msj.mesas.models import Mesa, Network


@transaction.atomic
def save_rules(*, form: MesaRulesForm, by: Any, request: HttpRequest | None = None) -> Mesa:
    """Save the Mesa's rules from a valid form and record the change in the audit trail.

    The web page and the API both come through here, so a change of rules is validated and
    audited the same way whichever way it arrives.
    """
    mesa: Mesa = form.instance
    # Only the rules this change touches are written, so two people changing different rules
    # at the same time do not undo each other.
    changed = [name for name in RULE_FIELDS if name in form.changed_data]
    # The form has already copied the new values onto the instance: read the old ones from the row.
    before = Mesa.objects.select_for_update().filter(pk=mesa.pk).values(*RULE_FIELDS).get()
    if not changed:
        return mesa
    mesa.save(update_fields=[*changed, "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=mesa,
        actor=by,
        mesa=mesa,
        before=before,
        after=snapshot(mesa, RULE_FIELDS),
        request=request,
    )
    return mesa


def publication_changed(mesa: Mesa) -> None:
    """Record that what `mesa` shows the public or the network changed (a publication or a withdrawal).

    Call it in the same transaction as the publication: the public pages and feeds are cached
    under the Mesa's and the network's version, so the next request renders afresh.
    """
    Mesa.objects.filter(pk=mesa.pk).update(published_version=F("published_version") + 1)
    Network.objects.filter(pk=mesa.network_id).update(published_version=F("published_version") + 1)
