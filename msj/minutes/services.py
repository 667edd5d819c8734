"""Writes of the minutes (actas), each in one transaction with its audit entry.

Every write locks the minutes row first and checks its status under that lock, so two
secretaries' tabs (or a seal racing an edit) can never write into minutes that have just
left the state that allowed the write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.agreements.models import Agreement
from msj.agreements.services import create_agreement
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.meetings.models import AgendaItem, Meeting
from msj.meetings.policies import meeting_policy
from msj.members.access import Actor
from msj.minutes.models import Correction, Minutes, MinutesComment, MinutesEntry


def same_body_meetings(actor: Actor, meeting: Meeting) -> QuerySet[Meeting]:
    """Meetings of the same body of this Mesa, as `actor` may see them."""
    body = Q(committee__isnull=True) if meeting.committee_id is None else Q(committee_id=meeting.committee_id)
    return meeting_policy.visible(actor, Meeting.objects.all()).filter(body, kind=meeting.kind)


def approval_candidates(actor: Actor, meeting: Meeting, *, after: Meeting) -> list[Meeting]:
    """Meetings that may approve: of the same body, from `after` on, already held, not cancelled."""
    return list(
        same_body_meetings(actor, meeting)
        .filter(Q(starts_at__gt=after.starts_at) | Q(pk=after.pk), starts_at__lte=timezone.now())
        .exclude(pk=meeting.pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:24]
    )


def _check_item(meeting: Meeting, item: AgendaItem | None) -> AgendaItem:
    """Refuse anything recorded outside the meeting's own agenda (DOMAIN.md §4.7)."""
    if item is None or item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Choose an item of this meeting's agenda: nothing is recorded outside it.")})
    return item


def _lock(minutes: Minutes) -> Minutes:
    # Lock the minutes row only (not the meeting and Mesa joined for reading).
    return Minutes.objects.select_for_update(of=("self",)).select_related("meeting__mesa").get(pk=minutes.pk)


def why_no_minutes(meeting: Meeting) -> str | None:
    """Why minutes cannot be started for `meeting` yet, or None when they can."""
    if meeting.status == Meeting.Status.CANCELLED:
        return _("The meeting was cancelled: it has no minutes.")
    if meeting.starts_at > timezone.now():
        return _("The minutes can be written once the meeting has started.")
    return None


def _lock_or_start(meeting: Meeting, by: Any, request: Any) -> Minutes:
    """Lock the meeting's minutes, creating the draft on the first write."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # serialises the first write of the minutes
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None:
        minutes.meeting = meeting
        return minutes
    reason = why_no_minutes(meeting)
    if reason:
        raise ValidationError(reason)
    minutes = Minutes(meeting=meeting)
    minutes.full_clean()
    minutes.save()
    record(AuditEvent.Action.CREATE, obj=minutes, actor=by, mesa=meeting.mesa, after=snapshot(minutes), request=request)
    return minutes


def _require_editable(minutes: Minutes) -> None:
    if not minutes.is_editable:
        raise ValidationError(
            _("These minutes were approved and can no longer be edited; a sealed act is amended by a correction.")
        )


def _transition(minutes: Minutes, fields: list[str], before: dict[str, Any], by: Any, request: Any) -> None:
    minutes.full_clean()
    minutes.save(update_fields=[*fields, "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=minutes,
        actor=by,
        mesa=minutes.meeting.mesa,
        before=before,
        after=snapshot(minutes, fields),
        request=request,
    )


@transaction.atomic
def save_entry(
    *, meeting: Meeting, item: AgendaItem | None, summary: str, decisions: str, by: Any, request: Any = None
) -> MinutesEntry:
    """Write what was said and decided under one agenda item (draft or circulated minutes only)."""
    item = _check_item(meeting, item)
    minutes = _lock_or_start(meeting, by, request)
    _require_editable(minutes)
    entry = MinutesEntry.objects.filter(minutes=minutes, item=item).first()
    before = snapshot(entry, ["summary", "decisions"]) if entry else None
    if entry is None:
        entry = MinutesEntry(minutes=minutes, item=item)
    entry.summary, entry.decisions = summary.strip(), decisions.strip()
    entry.full_clean()
    entry.save()
    record(
        AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        obj=entry,
        actor=by,
        mesa=meeting.mesa,
        before=before,
        after=snapshot(entry, ["summary", "decisions"]),
        request=request,
    )
    return entry


@transaction.atomic
def record_agreement(
    *,
    meeting: Meeting,
    item: AgendaItem | None,
    text: str,
    by: Any,
    committee: Any = None,
    due_on: dt.date | None = None,
    priority: str = Agreement.Priority.NORMAL,
    responsible_seats: Iterable[Any] = (),
    responsible_people: Iterable[Any] = (),
    request: Any = None,
) -> Agreement:
    """Record an agreement taken under an agenda item; it enters the agreements matrix."""
    item = _check_item(meeting, item)
    minutes = _lock_or_start(meeting, by, request)
    _require_editable(minutes)
    return create_agreement(
        mesa=meeting.mesa,
        text=text,
        by=by,
        origin_meeting=meeting,
        origin_item=item,
        committee=committee,
        due_on=due_on,
        priority=priority,
        responsible_seats=responsible_seats,
        responsible_people=responsible_people,
        request=request,
    )


@transaction.atomic
def circulate(*, minutes: Minutes, by: Any, request: Any = None) -> Minutes:
    """Send the draft to the members who may see the meeting, for their comments."""
    if minutes.pk is None:
        raise ValidationError(_("Write at least one item of the minutes before circulating them."))
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Only a draft can be circulated."))
    if not minutes.entries.exists():
        raise ValidationError(_("Write at least one item of the minutes before circulating them."))
    before = snapshot(minutes, ["status", "circulated_at"])
    minutes.status, minutes.circulated_at = Minutes.Status.CIRCULATED, timezone.now()
    _transition(minutes, ["status", "circulated_at"], before, by, request)
    return minutes


@transaction.atomic
def add_comment(
    *, minutes: Minutes, item: AgendaItem | None, text: str, by: Any, request: Any = None
) -> MinutesComment:
    """Add a member's comment on one item, while the minutes are circulated."""
    if minutes.pk is None:
        raise ValidationError(_("Comments can be added only while the minutes are circulated."))
    minutes = _lock(minutes)
    item = _check_item(minutes.meeting, item)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Comments can be added only while the minutes are circulated."))
    comment = MinutesComment(minutes=minutes, item=item, author=getattr(by, "user", by), text=text.strip())
    comment.full_clean()
    comment.save()
    record(
        AuditEvent.Action.CREATE,
        obj=comment,
        actor=by,
        mesa=minutes.meeting.mesa,
        after=snapshot(comment, ["text"]),
        request=request,
    )
    return comment


def _check_later_meeting_of_the_body(
    meeting: Meeting, later: Meeting | None, *, after: Meeting, field: str = "meeting"
) -> Meeting:
    """Refuse a meeting of another Mesa or body, one not after `after`, a cancelled one or one not yet held."""
    if later is None or later.mesa_id != meeting.mesa_id:
        raise ValidationError({field: _("Choose a meeting of this Mesa.")})
    if later.kind != meeting.kind or later.committee_id != meeting.committee_id:
        raise ValidationError({field: _("The minutes are approved at a meeting of the same body.")})
    if later.pk == meeting.pk or (later.pk != after.pk and later.starts_at <= after.starts_at):
        raise ValidationError({field: _("The minutes are approved at a later meeting of the same body.")})
    if later.status == Meeting.Status.CANCELLED:
        raise ValidationError({field: _("That meeting was cancelled.")})
    if later.starts_at > timezone.now():
        raise ValidationError({field: _("That meeting has not taken place yet.")})
    return later


@transaction.atomic
def approve(*, minutes: Minutes, at: Meeting | None, by: Any, request: Any = None) -> Minutes:
    """Record that the circulated minutes were approved at a later meeting of the same body."""
    if minutes.pk is None:
        raise ValidationError(_("Only circulated minutes can be approved."))
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Only circulated minutes can be approved."))
    at = _check_later_meeting_of_the_body(minutes.meeting, at, after=minutes.meeting)
    before = snapshot(minutes, ["status", "approved_at"])
    minutes.status, minutes.approved_at = Minutes.Status.APPROVED, at
    _transition(minutes, ["status", "approved_at"], before, by, request)
    return minutes


@transaction.atomic
def seal(*, minutes: Minutes, by: Any, request: Any = None) -> Minutes:
    """Seal approved minutes: from now on only a recorded correction amends them."""
    if minutes.pk is None:
        raise ValidationError(_("Only approved minutes can be sealed."))
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Only approved minutes can be sealed."))
    before = snapshot(minutes, ["status", "sealed_at"])
    minutes.status, minutes.sealed_at = Minutes.Status.SEALED, timezone.now()
    _transition(minutes, ["status", "sealed_at"], before, by, request)
    return minutes


@transaction.atomic
def record_correction(
    *,
    minutes: Minutes,
    item: AgendaItem | None,
    text: str,
    reason: str,
    approved_at: Meeting | None,
    by: Any,
    request: Any = None,
) -> Correction:
    """Record a correction of sealed minutes, approved at a later meeting; the sealed text stays."""
    if minutes.pk is None:
        raise ValidationError(_("Only sealed minutes are amended by a correction; edit the minutes instead."))
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.SEALED:
        raise ValidationError(_("Only sealed minutes are amended by a correction; edit the minutes instead."))
    item = _check_item(minutes.meeting, item)
    # A correction is approved at the meeting that approved the minutes or at a later one.
    approved_at = _check_later_meeting_of_the_body(
        minutes.meeting, approved_at, after=minutes.approved_at or minutes.meeting, field="approved_at"
    )
    correction = Correction(
        minutes=minutes,
        item=item,
        text=text.strip(),
        reason=reason.strip(),
        approved_at=approved_at,
        recorded_by=getattr(by, "user", by),
    )
    correction.full_clean()
    correction.save()
    record(
        AuditEvent.Action.CREATE,
        obj=correction,
        actor=by,
        mesa=minutes.meeting.mesa,
        after=snapshot(correction, ["item", "text", "reason", "approved_at"]),
        request=request,
    )
    return correction
