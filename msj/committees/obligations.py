"""The committee obligation: every citizen member sits on at least one committee (Cuadro 7).

A citizen member on no committee for more than `Mesa.committee_grace_months` months is
referred to the Executive Committee. The coordinator, the alternates and the elected members
of the Executive Committee sit on it by office, so a current office counts as a committee.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery

from msj.committees.models import CommitteeMember
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa

EXECUTIVE_OFFICES = (Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class WithoutCommittee:
    membership: Membership
    since: dt.date  # the later of the membership's start and the last committee (or office) exit
    referred_after: dt.date  # `since` plus the grace period: referred from the next day on


def members_without_committee(mesa: Mesa, today: dt.date) -> list[WithoutCommittee]:
    """Return the citizen members who have been on no committee for longer than the Mesa allows.

    Counted from the later of the start of their membership and their last exit from a
    committee: on exactly `committee_grace_months` months they are not referred yet; a day
    later they are. Pending requests to join do not count as being on a committee.
    """
    seats = CommitteeMember.objects.filter(membership=OuterRef("pk"), status=CommitteeMember.Status.APPROVED)
    offices = Office.objects.filter(membership=OuterRef("pk"), kind__in=EXECUTIVE_OFFICES)
    serving_now = seats.filter(joined_on__lte=today).filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    in_office_now = offices.filter(started_on__lte=today).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    last_exit = seats.filter(left_on__lte=today).order_by("-left_on").values("left_on")[:1]
    last_office_end = offices.filter(ended_on__lte=today).order_by("-ended_on").values("ended_on")[:1]
    rows = (
        Membership.objects.filter(
            mesa=mesa,
            kind=Membership.Kind.CITIZEN,
            status=Membership.Status.ACTIVE,
            started_on__lte=today,
            user__is_active=True,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .exclude(Exists(serving_now))
        .exclude(Exists(in_office_now))
        .annotate(last_exit=Subquery(last_exit), last_office_end=Subquery(last_office_end))
        .select_related("user")
        .order_by("user__full_name")
    )
    result = []
    for membership in rows:
        exits = (membership.last_exit, membership.last_office_end)  # type: ignore[attr-defined]
        since = max([membership.started_on, *(d for d in exits if d is not None)])
        referred_after = add_months(since, mesa.committee_grace_months)
        if today > referred_after:
            result.append(WithoutCommittee(membership=membership, since=since, referred_after=referred_after))
    result.sort(key=lambda row: row.since)
    return result
