"""Writes of the meetings capability, each in one transaction with its audit entry and its e-mail.

E-mail is queued with `queue_email` inside the transaction: it leaves only once the write
commits, and each logical message (a meeting, its SEQUENCE, one invitee) is queued once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from msj.accounts.models import User
from msj.agreements.models import Agreement
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.models import Committee, CommitteeMember
from msj.core.tokens import hash_secret
from msj.meetings import ical, rules
from msj.meetings.models import AgendaItem, Attendance, CalendarFeed, Invitation, Meeting
from msj.meetings.policies import led_committee_ids, meeting_policy
from msj.members.access import Actor, Role, actor_for
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa
from msj.notifications.models import OutboundEmail
from msj.notifications.services import queue_email

Kind = Meeting.Kind
K = AgendaItem.Kind

# The order of the day each kind of meeting starts with (§3.4.4, §3.4.3, Cuadro 8).
# "General matters" is always the last item; items added later go before it.
AGENDA_TEMPLATES: dict[str, list[str]] = {
    Kind.PLENARY: [K.INTRODUCTIONS, K.AGREEMENTS, K.AUTHORITIES, K.COMMITTEES, K.INDICATORS, K.GENERAL],
    Kind.CITIZENS: [K.PLENARY_REVIEW, K.AGREEMENTS, K.COMMITTEES, K.GENERAL],
    Kind.COMMITTEE: [K.AGREEMENTS, K.COMMITTEES, K.GENERAL],
    Kind.EXECUTIVE: [K.AGREEMENTS, K.GENERAL],
}
DEFAULT_AGENDA = [K.GENERAL]

# Fields whose change is news for the invitees: a new SEQUENCE and an update by e-mail.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "video_url")
EDITABLE_FIELDS = ("title", *SCHEDULE_FIELDS, "extraordinary", "extraordinary_reason")
# Meetings whose body's overdue agreements are reminded to their owners beforehand.
REMINDED_KINDS = (Kind.PLENARY, Kind.CITIZENS, Kind.COMMITTEE, Kind.EXECUTIVE)
# Invitations that a meeting's body does not give: people asked to present or to attend.
EXTRA_ROLES = (Invitation.Role.PRESENTER, Invitation.Role.GUEST)


def _user(by: Any) -> Any:
    return getattr(by, "user", by)


# --- which committees meet ----------------------------------------------------------------


def committees_to_run(actor: Actor, mesa: Mesa) -> QuerySet[Committee]:
    """The committees whose meetings `actor` may create: all working ones for the secretary and
    the coordinator, else those the actor coordinates or stands in for.

    The Executive and the Honour and Justice committees meet in their own kinds of meeting.
    """
    committees = Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True).exclude(
        kind__in=[Committee.Kind.EXECUTIVE, Committee.Kind.HONOUR]
    )
    if not actor.has(Role.SECRETARY, Role.COORDINATOR):
        committees = committees.filter(pk__in=led_committee_ids(actor))
    return committees


# --- who is invited ---------------------------------------------------------------------


def current_memberships(mesa: Mesa) -> QuerySet[Membership]:
    """Memberships that grant a place in the Mesa today, in its time zone."""
    today = mesa.today()
    return Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today),
        mesa=mesa,
        status=Membership.Status.ACTIVE,
        user__is_active=True,
        started_on__lte=today,
    )


def body_memberships(meeting: Meeting) -> QuerySet[Membership]:
    """The people a meeting's body is made of, who are invited to it (DOMAIN.md §4.7).

    Honorary citizens are invited only to plenaries on critical topics (§2.7.2): they are
    not invited by default, and an invitation as a guest brings them in.
    """
    mesa = meeting.mesa
    members = current_memberships(mesa)
    offices = Office.objects.current(mesa.today()).filter(mesa=mesa)
    secretary = Q(pk__in=offices.filter(kind=Office.Kind.SECRETARY).values("membership_id"))
    executive = Q(
        pk__in=offices.filter(kind__in=[Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE]).values(
            "membership_id"
        )
    )
    if meeting.kind == Kind.CITIZENS:
        return members.filter(Q(kind=Membership.Kind.CITIZEN) | secretary)
    if meeting.kind == Kind.COMMITTEE and meeting.committee_id is not None:
        on_committee = CommitteeMember.objects.filter(
            committee_id=meeting.committee_id, status=CommitteeMember.Status.APPROVED, left_on__isnull=True
        ).values("membership_id")
        return members.filter(Q(pk__in=on_committee) | secretary)
    if meeting.kind == Kind.EXECUTIVE:
        return members.filter(executive | secretary)
    if meeting.kind == Kind.HONOUR:
        return members.filter(executive)
    return members.filter(kind__in=[Membership.Kind.CITIZEN, Membership.Kind.OFFICIAL, Membership.Kind.STAFF])


def sync_invitations(meeting: Meeting) -> list[Invitation]:
    """Invite whoever belongs to the meeting's body and is not invited yet; return the new invitations."""
    invited = set(Invitation.objects.filter(meeting=meeting).values_list("membership_id", flat=True))
    new = [
        Invitation(meeting=meeting, membership_id=pk)
        for pk in body_memberships(meeting).exclude(pk__in=invited).values_list("pk", flat=True)
    ]
    return Invitation.objects.bulk_create(new)


# --- e-mail ------------------------------------------------------------------------------

CONVOCATION, UPDATE, CANCELLATION = "convocation", "update", "cancellation"


def _queue_invitation_email(meeting: Meeting, invitation: Invitation, purpose: str) -> None:
    """Queue one invitee's message for the meeting's current SEQUENCE, in the invitee's language.

    It says what kind of meeting, when and where, and links to the meeting's page; the
    agenda and the title stay on the page (nothing deliberative travels by e-mail).
    """
    user = invitation.membership.user
    with translation.override(user.preferred_language), timezone.override(meeting.mesa.tzinfo):
        summary = ical.meeting_summary(meeting)
        when = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        subjects = {
            CONVOCATION: _("Convocation: %(meeting)s, %(when)s"),
            UPDATE: _("Changed: %(meeting)s, %(when)s"),
            CANCELLATION: _("Cancelled: %(meeting)s, %(when)s"),
        }
        subject = subjects[purpose] % {"meeting": summary, "when": when}
        body = render_to_string(
            "meetings/email/invitation.txt",
            {
                "purpose": purpose,
                "meeting": meeting,
                "summary": summary,
                "url": ical.meeting_url(meeting),
                "person": user,
                "may_send_delegate": invitation.membership.kind == Membership.Kind.OFFICIAL,
            },
        )
        method = ical.CANCEL if purpose == CANCELLATION else ical.REQUEST
        ics = ical.invitation_ics(meeting, method=method, attendee_email=user.email, attendee_name=user.full_name)
    queue_email(
        key=f"meeting-invitation:{meeting.public_id}:{meeting.sequence}:{invitation.public_id}",
        to=[user.email],
        subject=subject,
        body_text=body,
        mesa=meeting.mesa,
        attachments=[
            {
                "filename": "cancel.ics" if method == ical.CANCEL else "invite.ics",
                "content": ics,
                "mimetype": f"text/calendar; method={method}",
            }
        ],
    )


def _email_everyone(meeting: Meeting, purpose: str) -> int:
    invitations = Invitation.objects.filter(meeting=meeting).select_related("membership__user")
    count = 0
    for invitation in invitations:
        _queue_invitation_email(meeting, invitation, purpose)
        count += 1
    return count


# --- meetings ----------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    mesa: Mesa,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    video_url: str = "",
    committee: Committee | None = None,
    extraordinary: bool = False,
    extraordinary_reason: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> Meeting:
    """Create a draft meeting with the agenda of its kind and the invitations of its body."""
    if committee is not None and committee.dissolved_on is not None:
        raise ValidationError({"committee": _("This committee has been dissolved.")})
    meeting = Meeting(
        mesa=mesa,
        kind=kind,
        committee=committee,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_url=video_url.strip(),
        extraordinary=extraordinary,
        extraordinary_reason=extraordinary_reason.strip() if extraordinary else "",
    )
    meeting.full_clean()
    meeting.save()
    # The items' titles are data of the Mesa, stored in the language its members speak, as
    # the minutes will quote them.
    with translation.override(settings.LANGUAGE_CODE):
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, kind=item_kind, title=str(AgendaItem.Kind(item_kind).label))
            for i, item_kind in enumerate(AGENDA_TEMPLATES.get(kind, DEFAULT_AGENDA), start=1)
        )
    sync_invitations(meeting)
    record(AuditEvent.Action.CREATE, obj=meeting, actor=by, after=snapshot(meeting), request=request)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    # Lock the meeting row only: its committee (a nullable, outer join) stays unlocked.
    return Meeting.objects.select_for_update(of=("self",)).select_related("mesa", "committee").get(pk=meeting.pk)


def _refuse_if_late(meeting: Meeting, now: dt.datetime) -> None:
    if not meeting.extraordinary and rules.convocation_is_late(meeting, now):
        raise ValidationError(
            _(
                "It is too late to convene this meeting: the Mesa's rules ask for at least %(days)d days' "
                "notice. Mark it as extraordinary and give the reason, which the minutes will show."
            )
            % {"days": rules.notice_days(meeting)}
        )


@transaction.atomic
def convene_meeting(
    *,
    meeting: Meeting,
    by: Any,
    extraordinary_reason: str = "",
    now: dt.datetime | None = None,
    notify: bool = True,
    request: HttpRequest | None = None,
) -> int:
    """Convene a draft meeting: e-mail every invitee an invitation; return how many.

    A convocation later than the Mesa's notice rule is refused unless the meeting is
    extraordinary with a reason; giving `extraordinary_reason` marks it so. With
    `notify=False` the convocation is recorded as sent outside msj at `now` (a Mesa bringing
    in its past meetings, the demo's year): nothing is e-mailed and 0 is returned.
    """
    now = now or timezone.now()
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(_("This meeting has already been convened or cancelled."))
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already started; it can no longer be convened."))
    before = snapshot(meeting)
    reason = extraordinary_reason.strip()
    if reason:
        meeting.extraordinary, meeting.extraordinary_reason = True, reason
    _refuse_if_late(meeting, now)
    meeting.status = Meeting.Status.CONVENED
    meeting.convened_at = now
    meeting.full_clean()
    meeting.save(update_fields=["status", "convened_at", "extraordinary", "extraordinary_reason", "updated_at"])
    sync_invitations(meeting)
    sent = _email_everyone(meeting, CONVOCATION) if notify else 0
    record(AuditEvent.Action.UPDATE, obj=meeting, actor=by, before=before, after=snapshot(meeting), request=request)
    return sent


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    by: Any,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    video_url: str = "",
    extraordinary: bool = False,
    extraordinary_reason: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Change a meeting; if it was convened and its time or place changed, send everyone an update.

    Bringing a convened meeting forward is a new convocation for the notice rule;
    postponing it gives everyone at least the notice they had. Return whether an update was sent.
    """
    now = now or timezone.now()
    meeting = _locked(meeting)
    if meeting.status not in {Meeting.Status.DRAFT, Meeting.Status.CONVENED}:
        raise ValidationError(_("A meeting that was held or cancelled can no longer be changed."))
    before = snapshot(meeting)
    old = {f: getattr(meeting, f) for f in SCHEDULE_FIELDS}
    meeting.title = title.strip()
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.video_url = place.strip(), video_url.strip()
    meeting.extraordinary = extraordinary
    meeting.extraordinary_reason = extraordinary_reason.strip() if extraordinary else ""
    meeting.full_clean()
    changed = [f for f in SCHEDULE_FIELDS if getattr(meeting, f) != old[f]]
    convened = meeting.status == Meeting.Status.CONVENED
    if convened and "starts_at" in changed:
        if meeting.starts_at <= now:
            raise ValidationError({"starts_at": _("A convened meeting cannot be moved to the past.")})
        if meeting.starts_at < old["starts_at"]:
            _refuse_if_late(meeting, now)
    notify = convened and bool(changed)
    if notify:
        meeting.sequence += 1
    meeting.save(update_fields=[*EDITABLE_FIELDS, "sequence", "updated_at"])
    if notify:
        sync_invitations(meeting)
        _email_everyone(meeting, UPDATE)
    record(AuditEvent.Action.UPDATE, obj=meeting, actor=by, before=before, after=snapshot(meeting), request=request)
    return notify


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: Any, request: HttpRequest | None = None) -> int:
    """Cancel a meeting; if it was convened, send every invitee a cancellation. Return how many."""
    meeting = _locked(meeting)
    if meeting.status not in {Meeting.Status.DRAFT, Meeting.Status.CONVENED}:
        raise ValidationError(_("Only a meeting that has not been held can be cancelled."))
    before = snapshot(meeting)
    was_convened = meeting.status == Meeting.Status.CONVENED
    meeting.status = Meeting.Status.CANCELLED
    if was_convened:
        meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    sent = _email_everyone(meeting, CANCELLATION) if was_convened else 0
    record(AuditEvent.Action.UPDATE, obj=meeting, actor=by, before=before, after=snapshot(meeting), request=request)
    return sent


@transaction.atomic
def invite(
    *, meeting: Meeting, membership: Membership, role: str, by: Any, request: HttpRequest | None = None
) -> Invitation:
    """Invite someone outside the meeting's body, to present or as a guest; e-mail them if convened."""
    meeting = _locked(meeting)
    if role not in EXTRA_ROLES:
        raise ValidationError({"role": _("Choose whether the person is invited to present or as a guest.")})
    if meeting.kind in {Kind.EXECUTIVE, Kind.HONOUR}:
        raise ValidationError(_("Only the members of the committee take part in this meeting; nobody can be invited."))
    if meeting.status not in {Meeting.Status.DRAFT, Meeting.Status.CONVENED}:
        raise ValidationError(_("Nobody can be invited to a meeting that was held or cancelled."))
    if not current_memberships(meeting.mesa).filter(pk=membership.pk).exists():
        raise ValidationError({"membership": _("Choose a current member of this Mesa.")})
    if Invitation.objects.filter(meeting=meeting, membership=membership).exists():
        raise ValidationError({"membership": _("This person is already invited.")})
    invitation = Invitation(meeting=meeting, membership=membership, role=role)
    invitation.full_clean()
    invitation.save()
    if meeting.status == Meeting.Status.CONVENED:
        _queue_invitation_email(meeting, invitation, CONVOCATION)
    record(AuditEvent.Action.CREATE, obj=invitation, actor=by, after=snapshot(invitation), request=request)
    return invitation


# --- agenda ------------------------------------------------------------------------------


def _agenda_locked(meeting: Meeting) -> list[AgendaItem]:
    meeting = _locked(meeting)
    if meeting.status not in {Meeting.Status.DRAFT, Meeting.Status.CONVENED}:
        raise ValidationError(_("The agenda of a meeting that was held or cancelled can no longer be changed."))
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


def _check_presenter(meeting: Meeting, presenter: Membership | None) -> None:
    if presenter is not None and not Invitation.objects.filter(meeting=meeting, membership=presenter).exists():
        raise ValidationError(
            {"presenter": _("The presenter must be invited to the meeting; invite them to present first.")}
        )


def _set_position(item: AgendaItem, position: int) -> None:
    item.position = position
    item.save(update_fields=["position", "updated_at"])


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    title: str,
    presenter: Membership | None = None,
    by: Any,
    request: HttpRequest | None = None,
) -> AgendaItem:
    """Add an item just before general matters, which stays the last item."""
    items = _agenda_locked(meeting)
    _check_presenter(meeting, presenter)
    general = next((i for i in items if i.is_general), None)
    free = (max((i.position for i in items), default=0)) + 1
    if general is not None:
        # The position constraint is deferred on PostgreSQL but immediate on SQLite: move general
        # matters to a free position first, so that no statement ever sees two items in one place.
        position = general.position
        _set_position(general, free)
    else:
        position = free
    item = AgendaItem(meeting=meeting, position=position, kind=K.OTHER, title=title.strip(), presenter=presenter)
    if not item.title:
        raise ValidationError({"title": _("Give the item a title.")})
    item.full_clean()
    item.save()
    record(AuditEvent.Action.CREATE, obj=item, actor=by, mesa=meeting.mesa, after=snapshot(item), request=request)
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str, by: Any, request: HttpRequest | None = None) -> None:
    """Swap an item with its neighbour above ("up") or below ("down"); general matters stays last."""
    items = _agenda_locked(item.meeting)
    index = next((n for n, i in enumerate(items) if i.pk == item.pk), None)
    if index is None or direction not in {"up", "down"}:
        raise ValidationError(_("Choose an item of this agenda and move it up or down."))
    item = items[index]
    other_index = index - 1 if direction == "up" else index + 1
    if item.is_general:
        raise ValidationError(_("General matters is always the last item."))
    if not 0 <= other_index < len(items) or items[other_index].is_general:
        raise ValidationError(_("The item cannot move further in that direction."))
    other = items[other_index]
    before = snapshot(item)
    mine, theirs = item.position, other.position
    # A two-step swap through a free position, as in add_agenda_item.
    _set_position(item, max(i.position for i in items) + 1)
    _set_position(other, mine)
    _set_position(item, theirs)
    record(
        AuditEvent.Action.UPDATE,
        obj=item,
        actor=by,
        mesa=item.meeting.mesa,
        before=before,
        after=snapshot(item),
        request=request,
    )


@transaction.atomic
def set_presenter(
    *, item: AgendaItem, presenter: Membership | None, by: Any, request: HttpRequest | None = None
) -> None:
    _agenda_locked(item.meeting)
    _check_presenter(item.meeting, presenter)
    before = snapshot(item)
    item.presenter = presenter
    item.full_clean()
    item.save(update_fields=["presenter", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=item,
        actor=by,
        mesa=item.meeting.mesa,
        before=before,
        after=snapshot(item),
        request=request,
    )


# --- replies and attendance --------------------------------------------------------------


@transaction.atomic
def reply_to_invitation(
    *,
    invitation: Invitation,
    reply: str,
    delegate_name: str = "",
    by: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Record an invitee's reply; a new reply replaces the last one. Return whether anything changed.

    Submitting the same reply twice (a double tap, a resent form) changes nothing.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("meeting__mesa", "membership")
        .get(pk=invitation.pk)
    )
    if not rules.replies_are_open(invitation.meeting, now):
        raise ValidationError(_("Replies to this meeting are closed."))
    answers = {Invitation.Reply.ATTENDING, Invitation.Reply.NOT_ATTENDING, Invitation.Reply.DELEGATE}
    if reply not in answers:
        raise ValidationError({"reply": _("Choose whether you will attend.")})
    delegate_name = delegate_name.strip() if reply == Invitation.Reply.DELEGATE else ""
    if reply == Invitation.Reply.DELEGATE:
        if invitation.membership.kind != Membership.Kind.OFFICIAL:
            raise ValidationError({"reply": _("Only an official's seat may send a delegate.")})
        if not delegate_name:
            raise ValidationError({"delegate_name": _("Give the name of the person who will attend in your place.")})
    if invitation.reply == reply and invitation.delegate_name == delegate_name:
        return False
    before = snapshot(invitation)
    invitation.reply, invitation.delegate_name, invitation.replied_at = reply, delegate_name, now
    invitation.full_clean()
    invitation.save(update_fields=["reply", "delegate_name", "replied_at", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=invitation,
        actor=by,
        mesa=invitation.meeting.mesa,
        before=before,
        after=snapshot(invitation),
        request=request,
    )
    return True


def _write_attendance(
    *,
    meeting: Meeting,
    membership: Membership,
    status: str,
    delegate_name: str,
    method: str,
    by: Any,
    existing: Attendance | None,
    request: HttpRequest | None,
) -> bool:
    if existing is not None and existing.status == status and existing.delegate_name == delegate_name:
        return False
    user = _user(by)
    if existing is None:
        row = Attendance(
            meeting=meeting,
            membership=membership,
            status=status,
            delegate_name=delegate_name,
            method=method,
            recorded_by=user,
        )
        row.full_clean()
        row.save()
        record(AuditEvent.Action.CREATE, obj=row, actor=by, mesa=meeting.mesa, after=snapshot(row), request=request)
        return True
    before = snapshot(existing)
    existing.status, existing.delegate_name, existing.method, existing.recorded_by = (
        status,
        delegate_name,
        method,
        user,
    )
    existing.full_clean()
    existing.save(update_fields=["status", "delegate_name", "method", "recorded_by", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=existing,
        actor=by,
        mesa=meeting.mesa,
        before=before,
        after=snapshot(existing),
        request=request,
    )
    return True


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    entries: Sequence[tuple[Membership, str, str]],
    by: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Record the attendance of invitees as (membership, status, delegate name); all or nothing.

    Only an official's seat may be filled by a delegate, whose name is then required.
    Return how many people's attendance changed.
    """
    now = now or timezone.now()
    meeting = _locked(meeting)
    if not rules.attendance_can_be_taken(meeting, now):
        raise ValidationError(_("Attendance is taken from an hour before a convened meeting starts."))
    invited = set(Invitation.objects.filter(meeting=meeting).values_list("membership_id", flat=True))
    problems = []
    cleaned = []
    for membership, status, delegate_name in entries:
        delegate_name = delegate_name.strip() if status == Attendance.Status.DELEGATE else ""
        name = membership.user.full_name
        if membership.pk not in invited:
            problems.append(_("%(name)s is not invited to this meeting.") % {"name": name})
        elif status not in Attendance.Status.values:
            problems.append(_("Choose the attendance of %(name)s.") % {"name": name})
        elif status == Attendance.Status.DELEGATE and membership.kind != Membership.Kind.OFFICIAL:
            problems.append(
                _("%(name)s holds no official's seat, so no delegate can attend for them.") % {"name": name}
            )
        elif status == Attendance.Status.DELEGATE and not delegate_name:
            problems.append(_("Give the name of the delegate who attended for %(name)s.") % {"name": name})
        else:
            cleaned.append((membership, status, delegate_name))
    if problems:
        raise ValidationError(problems)
    existing = {a.membership_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    changed = 0
    for membership, status, delegate_name in cleaned:
        changed += _write_attendance(
            meeting=meeting,
            membership=membership,
            status=status,
            delegate_name=delegate_name,
            method=Attendance.Method.MANUAL,
            by=by,
            existing=existing.get(membership.pk),
            request=request,
        )
    return changed


@transaction.atomic
def check_in(
    *,
    meeting: Meeting,
    membership: Membership,
    code: str,
    by: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Record an invitee as present with the meeting's QR code. Return whether anything changed."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    if not rules.checkin_code_matches(meeting, code):
        raise ValidationError(_("This check-in code is not valid for this meeting."))
    if not rules.checkin_is_open(meeting, now):
        raise ValidationError(_("Check-in is open from an hour before the meeting starts until it ends."))
    if not Invitation.objects.filter(meeting=meeting, membership=membership).exists():
        raise ValidationError(_("You are not on the list of this meeting's invitees."))
    existing = Attendance.objects.select_for_update().filter(meeting=meeting, membership=membership).first()
    if existing is not None and existing.status == Attendance.Status.PRESENT:
        return False
    return _write_attendance(
        meeting=meeting,
        membership=membership,
        status=Attendance.Status.PRESENT,
        delegate_name="",
        method=Attendance.Method.QR,
        by=by,
        existing=existing,
        request=request,
    )


# --- absences ----------------------------------------------------------------------------

COUNTED_KINDS = (Kind.CITIZENS, Kind.PLENARY)
ABSENCE_WINDOW = dt.timedelta(days=365)


def absence_rates(mesa: Mesa, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Each current member's unjustified absences over the last 12 months of citizens' meetings and plenaries.

    Only meetings where their attendance was recorded count; one query for the whole Mesa.
    """
    now = now or timezone.now()
    counted = Q(
        attendance__meeting__kind__in=COUNTED_KINDS,
        attendance__meeting__starts_at__gte=now - ABSENCE_WINDOW,
        attendance__meeting__starts_at__lte=now,
        attendance__meeting__status__in=[Meeting.Status.CONVENED, Meeting.Status.HELD],
    )
    members = (
        current_memberships(mesa)
        .annotate(
            total=Count("attendance", filter=counted),
            unjustified=Count("attendance", filter=counted & Q(attendance__status=Attendance.Status.UNJUSTIFIED)),
        )
        .select_related("user")
        .order_by("kind", "user__full_name")
    )
    limit = mesa.max_unjustified_absence_pct
    return [
        {
            "membership": m,
            "total": m.total,
            "unjustified": m.unjustified,
            "pct": (m.unjustified * 100 // m.total) if m.total else 0,
            "exceeds": rules.exceeds_absence_limit(unjustified=m.unjustified, total=m.total, limit_pct=limit),
        }
        for m in members
    ]


# --- private calendar feed ---------------------------------------------------------------

FEED_PAST = dt.timedelta(days=180)


@transaction.atomic
def create_calendar_feed(*, user: User, request: HttpRequest | None = None) -> tuple[CalendarFeed, str]:
    """Give the person a new feed address, revoking the previous one; return it with its secret."""
    revoke_calendar_feed(user=user, request=request)
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed(user=user, token_hash=hash_secret(secret))
    feed.full_clean()
    feed.save()
    record(AuditEvent.Action.CREATE, obj=feed, actor=user, mesa=None, after={"user": user.pk}, request=request)
    return feed, secret


@transaction.atomic
def revoke_calendar_feed(*, user: User, request: HttpRequest | None = None) -> bool:
    """Revoke the person's feed address, if any; it answers 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()
    if feed is None:
        return False
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=feed,
        actor=user,
        mesa=None,
        before={"revoked_at": None},
        after={"revoked_at": feed.revoked_at.isoformat()},
        request=request,
    )
    return True


def user_for_feed(secret: str) -> User | None:
    if not secret or len(secret) > 200:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed is not None else None


def feed_meetings(user: User, *, now: dt.datetime | None = None) -> list[Meeting]:
    """The person's meetings in every Mesa where they have a place, only those they may see."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    places = Membership.objects.current().filter(user=user).select_related("mesa")
    for mesa in {m.mesa_id: m.mesa for m in places}.values():
        actor = actor_for(user, mesa)
        if actor is not None and actor.is_member:
            condition |= meeting_policy.visible_q(actor)
    return list(
        Meeting.objects.filter(condition)
        .exclude(status=Meeting.Status.DRAFT)
        .filter(starts_at__gte=now - FEED_PAST)
        .select_related("mesa", "committee")
        .order_by("starts_at")
    )


# --- reminders of overdue agreements -----------------------------------------------------

REMINDER_LEAD = dt.timedelta(days=2)


def _owners(agreement: Agreement, holders: dict[int, list[Membership]], mesa: Mesa) -> list[Membership]:
    today = mesa.today()
    people = [
        m
        for m in agreement.responsible_people.all()
        if m.status == Membership.Status.ACTIVE
        and m.user.is_active
        and m.started_on <= today
        and (m.ended_on is None or m.ended_on > today)
    ]
    for seat in agreement.responsible_seats.all():
        people.extend(holders.get(seat.pk, []))
    return people


def remind_overdue_owners(meeting: Meeting) -> int:
    """E-mail the owners of the overdue agreements of `meeting`'s body; return how many messages.

    One message per meeting and owner (idempotent), with agreement codes and due dates only;
    return how many were queued by this call.
    """
    mesa = meeting.mesa
    overdue = list(
        Agreement.objects.for_body(meeting)
        .overdue(mesa.today())
        .prefetch_related("responsible_people__user", "responsible_seats")
        .order_by("due_on", "year", "number")
    )
    if not overdue:
        return 0
    seat_ids = {s.pk for a in overdue for s in a.responsible_seats.all()}
    holders: dict[int, list[Membership]] = {}
    for m in current_memberships(mesa).filter(seat_id__in=seat_ids).select_related("user"):
        holders.setdefault(m.seat_id or 0, []).append(m)
    by_owner: dict[int, tuple[Membership, list[Agreement]]] = {}
    for agreement in overdue:
        for owner in _owners(agreement, holders, mesa):
            entry = by_owner.setdefault(owner.pk, (owner, []))
            if agreement not in entry[1]:
                entry[1].append(agreement)
    sent = 0
    for owner, agreements in by_owner.values():
        key = f"meeting-reminder:{meeting.public_id}:{owner.public_id}"
        if OutboundEmail.objects.filter(idempotency_key=key).exists():
            continue  # reminded already, by an earlier run
        user = owner.user
        with translation.override(user.preferred_language), timezone.override(mesa.tzinfo):
            subject = _("Overdue agreements in your charge, %(mesa)s") % {"mesa": mesa.name}
            body = render_to_string(
                "meetings/email/reminder.txt", {"mesa": mesa, "person": user, "agreements": agreements}
            )
        queue_email(key=key, to=[user.email], subject=subject, body_text=body, mesa=mesa)
        sent += 1
    return sent


def send_meeting_reminders(*, now: dt.datetime | None = None, lead: dt.timedelta = REMINDER_LEAD) -> int:
    """Remind owners of overdue agreements before each convened meeting of their body starting within `lead`.

    Safe to run as often as wanted: each meeting and owner get one message.
    """
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.CONVENED, kind__in=REMINDED_KINDS, starts_at__gt=now, starts_at__lte=now + lead
    ).select_related("mesa")
    sent = 0
    for meeting in meetings:
        with transaction.atomic():
            sent += remind_overdue_owners(meeting)
    return sent
