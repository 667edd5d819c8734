"""Writes of the agreements matrix, each in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.agreements.models import Agreement, Evidence, FollowUp
from msj.agreements.uploads import inspect_uploads
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
CLOSED = frozenset({Agreement.Status.DONE, Agreement.Status.CANCELLED})


class Keep(enum.Enum):
    """Marks an argument of `update_agreement` left as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


def audience_for(origin_meeting: Any) -> str:
    if origin_meeting is None:
        return Agreement.Audience.MESA
    return AUDIENCE_BY_MEETING_KIND.get(origin_meeting.kind, Agreement.Audience.CITIZENS)


def taken_on(agreement: Agreement) -> dt.date:
    """The day the agreement was taken, where the Mesa sits: its meeting's day, or the day it was recorded."""
    tz = agreement.mesa.tzinfo
    meeting = agreement.origin_meeting
    if meeting is not None:
        return timezone.localdate(meeting.starts_at, tz)
    return timezone.localdate(agreement.created_at, tz) if agreement.created_at else agreement.mesa.today()


def _check_due_on(due_on: dt.date | None, day: dt.date) -> None:
    if due_on is not None and due_on < day:
        raise ValidationError({"due_on": _("The due date cannot be before the day the agreement was taken.")})


def _check_related(
    mesa: Mesa,
    *,
    committee: Any = None,
    seats: Iterable[Any] = (),
    people: Iterable[Any] = (),
    topics: Iterable[Any] = (),
) -> None:
    """Refuse anything of another Mesa, with the error on the field that names it."""
    errors: dict[str, str] = {}
    if committee is not None:
        if committee.mesa_id != mesa.pk:
            errors["committee"] = _("The committee belongs to another Mesa.")
        elif committee.dissolved_on is not None:
            errors["committee"] = _("The committee has been dissolved: choose a working committee.")
    if any(seat.mesa_id != mesa.pk for seat in seats):
        errors["responsible_seats"] = _("A responsible seat belongs to another Mesa.")
    if any(person.mesa_id != mesa.pk for person in people):
        errors["responsible_people"] = _("A responsible person belongs to another Mesa.")
    if any(topic.mesa_id != mesa.pk for topic in topics):
        errors["topics"] = _("A topic belongs to another Mesa.")
    if errors:
        raise ValidationError(errors)


def _relations(agreement: Agreement) -> dict[str, list[str]]:
    """The agreement's many-to-many links, for the audit trail."""
    return {
        "responsible_seats": sorted(str(s.public_id) for s in agreement.responsible_seats.all()),
        "responsible_people": sorted(str(m.public_id) for m in agreement.responsible_people.all()),
        "topics": sorted(str(t.public_id) for t in agreement.topics.all()),
    }


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
    Nothing of another Mesa may be linked, and the due date cannot precede the meeting.
    """
    Mesa.objects.select_for_update().get(pk=mesa.pk)
    if origin_item is not None and origin_meeting is None:
        origin_meeting = origin_item.meeting
    if origin_item is not None and origin_item.meeting_id != origin_meeting.pk:
        raise ValidationError({"origin_item": _("The agenda item does not belong to the origin meeting.")})
    if origin_meeting is not None and origin_meeting.mesa_id != mesa.pk:
        raise ValidationError({"origin_meeting": _("The meeting belongs to another Mesa.")})
    seats, people, topic_list = list(responsible_seats), list(responsible_people), list(topics)
    _check_related(mesa, committee=committee, seats=seats, people=people, topics=topic_list)
    day = timezone.localdate(origin_meeting.starts_at, mesa.tzinfo) if origin_meeting else mesa.today()
    _check_due_on(due_on, day)
    year = day.year
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
    agreement.responsible_seats.set(seats)
    agreement.responsible_people.set(people)
    agreement.topics.set(topic_list)
    record(
        AuditEvent.Action.CREATE,
        obj=agreement,
        actor=by,
        after={**snapshot(agreement), **_relations(agreement)},
        request=request,
    )
    return agreement


@transaction.atomic
def update_agreement(
    *,
    agreement: Agreement,
    by: Any,
    text: str | Keep = KEEP,
    committee: Any = KEEP,
    due_on: dt.date | None | Keep = KEEP,
    priority: str | Keep = KEEP,
    responsible_seats: Iterable[Any] | Keep = KEEP,
    responsible_people: Iterable[Any] | Keep = KEEP,
    institutions: str | Keep = KEEP,
    topics: Iterable[Any] | Keep = KEEP,
    request: Any = None,
) -> Agreement:
    """Change what an agreement says and who answers for it; the audit keeps before and after.

    The number, the origin meeting and the audience stay as they were taken; the status
    moves only through follow-ups, so that every change of status has its note.
    """
    agreement = (
        Agreement.objects.select_for_update(of=("self",)).select_related("mesa", "origin_meeting").get(pk=agreement.pk)
    )
    mesa = agreement.mesa
    before = {**snapshot(agreement), **_relations(agreement)}
    seats = list(responsible_seats) if not isinstance(responsible_seats, Keep) else None
    people = list(responsible_people) if not isinstance(responsible_people, Keep) else None
    topic_list = list(topics) if not isinstance(topics, Keep) else None
    _check_related(
        mesa,
        # A committee dissolved since stays on the agreements it already had.
        committee=None
        if isinstance(committee, Keep) or getattr(committee, "pk", None) == agreement.committee_id
        else committee,
        seats=seats or [],
        people=people or [],
        topics=topic_list or [],
    )
    if not isinstance(text, Keep):
        agreement.text = text.strip()
    if not isinstance(committee, Keep) and (committee is None or committee.pk != agreement.committee_id):
        agreement.committee = committee
    if not isinstance(due_on, Keep):
        if due_on != agreement.due_on:
            _check_due_on(due_on, taken_on(agreement))
        agreement.due_on = due_on
    if not isinstance(priority, Keep):
        agreement.priority = priority
    if not isinstance(institutions, Keep):
        agreement.institutions = institutions.strip()
    agreement.full_clean()
    agreement.save(update_fields=["text", "committee", "due_on", "priority", "institutions", "updated_at"])
    if seats is not None:
        agreement.responsible_seats.set(seats)
    if people is not None:
        agreement.responsible_people.set(people)
    if topic_list is not None:
        agreement.topics.set(topic_list)
    after = {**snapshot(agreement), **_relations(agreement)}
    if after != before:
        record(AuditEvent.Action.UPDATE, obj=agreement, actor=by, before=before, after=after, request=request)
    return agreement


def add_follow_up(
    *,
    agreement: Agreement,
    by: Any,
    on: dt.date,
    note: str,
    progress: int | None = None,
    status_after: str = "",
    meeting: Any = None,
    files: Iterable[Any] = (),
    request: Any = None,
) -> FollowUp:
    """Append an entry to the agreement's timeline, with its evidence files, and move its status.

    Moving to done or cancelled closes the agreement on the entry's date; moving back to
    open or in progress reopens it. Every file is checked (type by content, size) before
    anything is written: one refused file refuses the entry, and no file stays on disk.
    """
    inspected = inspect_uploads(list(files))
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            return _append(
                agreement=agreement,
                by=by,
                on=on,
                note=note,
                progress=progress,
                status_after=status_after,
                meeting=meeting,
                inspected=inspected,
                stored=stored,
                request=request,
            )
    except BaseException:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise


def _append(
    *,
    agreement: Agreement,
    by: Any,
    on: dt.date,
    note: str,
    progress: int | None,
    status_after: str,
    meeting: Any,
    inspected: list[Any],
    stored: list[Evidence],
    request: Any,
) -> FollowUp:
    agreement = (
        Agreement.objects.select_for_update(of=("self",)).select_related("mesa", "origin_meeting").get(pk=agreement.pk)
    )
    mesa = agreement.mesa
    errors: dict[str, str] = {}
    if on > mesa.today():
        errors["on"] = _("The date cannot be in the future: record what has happened.")
    elif on < taken_on(agreement):
        errors["on"] = _("The date cannot be before the day the agreement was taken.")
    if meeting is not None and meeting.mesa_id != mesa.pk:
        errors["meeting"] = _("The meeting belongs to another Mesa.")
    if status_after and status_after not in Agreement.Status.values:
        errors["status_after"] = _("Choose one of the statuses offered.")
    if errors:
        raise ValidationError(errors)
    user = getattr(by, "user", by)
    follow_up = FollowUp(
        agreement=agreement,
        on=on,
        meeting=meeting,
        note=note.strip(),
        progress=progress,
        status_after=status_after if status_after != agreement.status else "",
        author=user,
    )
    follow_up.full_clean()
    follow_up.save()
    for item in inspected:
        evidence = Evidence(
            follow_up=follow_up,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
        )
        evidence.file.save(item.name, item.upload, save=False)
        stored.append(evidence)
        evidence.full_clean()
        evidence.save()
    record(
        AuditEvent.Action.CREATE,
        obj=follow_up,
        actor=by,
        mesa=mesa,
        after={
            **snapshot(follow_up),
            "agreement": agreement.code,
            "evidence": [{"name": e.original_name, "sha256": e.sha256, "size": e.size} for e in stored],
        },
        request=request,
    )
    if follow_up.status_after:
        before = snapshot(agreement, ["status", "closed_on"])
        agreement.status = follow_up.status_after
        agreement.closed_on = on if agreement.status in CLOSED else None
        agreement.full_clean()
        agreement.save(update_fields=["status", "closed_on", "updated_at"])
        record(
            AuditEvent.Action.UPDATE,
            obj=agreement,
            actor=by,
            before=before,
            after=snapshot(agreement, ["status", "closed_on"]),
            request=request,
        )
    return follow_up
