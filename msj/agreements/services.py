"""Writes of the agreements matrix, each in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.agreements.models import Agreement
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.mesas.models import Mesa

# The audience of an agreement follows the body of the meeting where it was taken.
AUDIENCE_BY_MEETING_KIND = {
    "plenary": Agreement.Audience.MESA,
    "citizens": Agreement.Audience.CITIZENS,
    "executive": Agreement.Audience.EXECUTIVE,
    "honour": Agreement.Audience.EXECUTIVE,
    "committee": Agreement.Audience.COMMITTEE,
}


def audience_for(origin_meeting: Any) -> str:
    if origin_meeting is None:
        return Agreement.Audience.MESA
    return AUDIENCE_BY_MEETING_KIND.get(origin_meeting.kind, Agreement.Audience.CITIZENS)


@transaction.atomic
def create_agreement(
    *,
    mesa: Mesa,
    text: str,
    by: Any,
    origin_meeting: Any = None,
    origin_item: Any = None,
    committee: Any = None,
    due_on: dt.date | None = None,
    priority: str = Agreement.Priority.NORMAL,
    responsible_seats: Iterable[Any] = (),
    responsible_people: Iterable[Any] = (),
    institutions: str = "",
    topics: Iterable[Any] = (),
    request: Any = None,
) -> Agreement:
    """Record an agreement with the next number of its Mesa and year.

    The year is the origin meeting's (in the Mesa's time zone), or today's. The Mesa
    row is locked while numbering so that two agreements never get the same number.
    """
    Mesa.objects.select_for_update().get(pk=mesa.pk)
    if origin_item is not None and origin_meeting is None:
        origin_meeting = origin_item.meeting
    if origin_item is not None and origin_item.meeting_id != origin_meeting.pk:
        raise ValidationError({"origin_item": _("The agenda item does not belong to the origin meeting.")})
    for related, name in ((origin_meeting, "origin_meeting"), (committee, "committee")):
        if related is not None and related.mesa_id != mesa.pk:
            raise ValidationError({name: _("It belongs to another Mesa.")})
    taken_on = timezone.localdate(origin_meeting.starts_at, mesa.tzinfo) if origin_meeting else mesa.today()
    if due_on is not None and due_on < taken_on:
        raise ValidationError({"due_on": _("The due date cannot be before the day the agreement was taken.")})
    year = taken_on.year
    last = Agreement.objects.filter(mesa=mesa, year=year).aggregate(n=Max("number"))["n"] or 0
    agreement = Agreement(
        mesa=mesa,
        year=year,
        number=last + 1,
        text=text.strip(),
        origin_meeting=origin_meeting,
        origin_item=origin_item,
        committee=committee,
        due_on=due_on,
        priority=priority,
        institutions=institutions.strip(),
        audience=audience_for(origin_meeting),
    )
    agreement.full_clean()
    agreement.save()
    seats, people, topic_list = list(responsible_seats), list(responsible_people), list(topics)
    for obj in [*seats, *people, *topic_list]:
        if obj.mesa_id != mesa.pk:
            raise ValidationError(_("A responsible person, seat or topic belongs to another Mesa."))
    agreement.responsible_seats.set(seats)
    agreement.responsible_people.set(people)
    agreement.topics.set(topic_list)
    record(AuditEvent.Action.CREATE, obj=agreement, actor=by, after=snapshot(agreement), request=request)
    return agreement
