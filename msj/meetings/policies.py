"""Who may see and run the meetings of a Mesa (DOMAIN.md §4.7).

Seeing a meeting follows its body:

- plenary, installation, workshop, press conference, social event: every current member
  of the Mesa (citizens, officials, staff, honorary citizens);
- citizens' meeting: citizen members and the technical secretary. Officials never, unless
  invited explicitly to present, and then that meeting only;
- committee meeting: the committee's approved members, the Executive Committee, the
  secretary, the Mesa's citizen members, and whoever is invited to it;
- Executive Committee meeting: the Executive Committee and the secretary, nobody else;
- Honour and Justice hearing: the Executive Committee only.

A meeting nobody has convened yet (a draft) is seen only by those who may run it. What
cannot be seen answers 404, exactly as what does not exist.

Running a meeting (creating, editing, convening, cancelling, its agenda and its attendance)
is for the technical secretary and the coordinator, and for a committee's coordinator and
alternate on their committee's meetings.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from msj.committees.models import CommitteeMember
from msj.core.policy import Policy
from msj.meetings.models import Invitation, Meeting
from msj.members.access import Actor, Role

Kind = Meeting.Kind

# Kinds of membership that make someone part of the Mesa's plenary. Volunteers and guests
# work in committees, or are invited to a meeting, and see only those meetings.
MEMBER_ROLES = (Role.CITIZEN, Role.OFFICIAL, Role.STAFF, Role.HONORARY)
# Meetings open to every current member of the Mesa.
OPEN_KINDS = (Kind.PLENARY, Kind.INSTALLATION, Kind.WORKSHOP, Kind.PRESS, Kind.SOCIAL)
# Meetings whose audience is fixed by office: an invitation never opens them to anyone else.
CLOSED_KINDS = (Kind.EXECUTIVE, Kind.HONOUR)
# Actions that run a meeting; `can` answers them all with the same rule.
MANAGE_ACTIONS = frozenset({"edit", "convene", "cancel", "agenda", "invite", "attendance", "checkin_code"})


def led_committee_ids(actor: Actor) -> models.QuerySet[CommitteeMember, Any]:
    """The committees the actor coordinates or stands in for (as a subquery of ids)."""
    return CommitteeMember.objects.filter(
        membership=actor.membership,
        status=CommitteeMember.Status.APPROVED,
        left_on__isnull=True,
        role__in=[CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE],
    ).values("committee_id")


def _member_of_committee_ids(actor: Actor) -> models.QuerySet[CommitteeMember, Any]:
    return CommitteeMember.objects.filter(
        membership=actor.membership, status=CommitteeMember.Status.APPROVED, left_on__isnull=True
    ).values("committee_id")


class MeetingPolicy(Policy[Meeting]):
    def visible_q(self, actor: Actor) -> Q:
        """The meetings `actor` may see, as a condition, so that several Mesas can be combined."""
        if actor.membership is None:  # network staff: never a Mesa's deliberations
            return Q(pk__in=[])
        is_secretary = actor.has(Role.SECRETARY)
        is_citizen = actor.has(Role.CITIZEN)
        q = Q(pk__in=[])
        if actor.has(*MEMBER_ROLES):
            q |= Q(kind__in=OPEN_KINDS)
        if is_citizen or is_secretary:
            q |= Q(kind=Kind.CITIZENS)
        if is_citizen or is_secretary or actor.is_executive:
            q |= Q(kind=Kind.COMMITTEE)
        else:
            q |= Q(kind=Kind.COMMITTEE, committee_id__in=_member_of_committee_ids(actor))
        if actor.is_executive or is_secretary:
            q |= Q(kind=Kind.EXECUTIVE)
        if actor.is_executive:
            # The Honour and Justice Committee is the Executive Committee plus up to three former
            # coordinators and three guests (§3.4.2); until its composition is modelled, only
            # the Executive Committee sees its hearings.
            q |= Q(kind=Kind.HONOUR)
        invited = Exists(Invitation.objects.filter(meeting=OuterRef("pk"), membership=actor.membership))
        q |= Q(invited) & ~Q(kind__in=CLOSED_KINDS)
        if not actor.has(Role.SECRETARY, Role.COORDINATOR):
            # A draft is work in progress of those who run the meeting.
            q &= ~Q(status=Meeting.Status.DRAFT) | Q(kind=Kind.COMMITTEE, committee_id__in=led_committee_ids(actor))
        return Q(mesa_id=actor.mesa.pk) & q

    def visible(self, actor: Actor, queryset: models.QuerySet[Meeting]) -> models.QuerySet[Meeting]:
        return queryset.filter(self.visible_q(actor))

    def can(self, actor: Actor, action: str, obj: Meeting | None = None) -> bool:
        if not actor.is_member:
            return False
        if action in {"list", "view"}:
            return True  # the rows themselves are filtered by `visible`
        if action == "attendance_report":
            return actor.has(Role.SECRETARY, Role.COORDINATOR)
        if action == "create" or action in MANAGE_ACTIONS:
            return self._may_run(actor, obj)
        return False

    def _may_run(self, actor: Actor, meeting: Meeting | None) -> bool:
        """Whether the actor may run `meeting` (or, without one, some meeting of the Mesa)."""
        if meeting is None:
            return actor.has(Role.SECRETARY, Role.COORDINATOR) or led_committee_ids(actor).exists()
        if meeting.kind == Kind.HONOUR:
            # The secretary does not sit on the Honour and Justice Committee.
            return actor.has(Role.COORDINATOR)
        if actor.has(Role.SECRETARY, Role.COORDINATOR):
            return True
        return (
            meeting.kind == Kind.COMMITTEE
            and meeting.committee_id is not None
            and led_committee_ids(actor).filter(committee_id=meeting.committee_id).exists()
        )

    def may_run_kinds(self, actor: Actor) -> list[str]:
        """The kinds of meeting the actor may create."""
        if actor.has(Role.COORDINATOR):
            return list(Kind.values)
        if actor.has(Role.SECRETARY):
            return [k for k in Kind.values if k != Kind.HONOUR]
        if led_committee_ids(actor).exists():
            return [Kind.COMMITTEE]
        return []


meeting_policy = MeetingPolicy()
