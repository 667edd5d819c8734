"""A person's home: their Mesas, their roles in each, and what awaits them there.

It sits on top of the other apps because "what awaits" gathers meetings to answer and
agreements overdue from several capabilities, each read through its own policy.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.meetings.models import Invitation, Meeting
from msj.meetings.policies import meeting_policy
from msj.members.access import actor_for
from msj.members.models import Membership, NetworkStaff, Office
from msj.votes.models import Vote


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    memberships = [
        m
        for m in Membership.objects.current()
        .filter(user=request.user.pk)
        .select_related("mesa", "user", "seat__post")
        .order_by("mesa__name")
        if m.is_current()
    ]
    offices: dict[int, list[str]] = {}
    for office in Office.objects.filter(membership__in=memberships, ended_on__isnull=True):
        offices.setdefault(office.membership_id, []).append(office.get_kind_display())
    rows = [(m, offices.get(m.pk, []), awaiting(request.user, m)) for m in memberships]
    networks = NetworkStaff.objects.filter(user=request.user.pk, ended_on__isnull=True).select_related("network")
    return render(request, "home/home.html", {"rows": rows, "networks": networks})


def awaiting(user: Any, membership: Membership) -> dict[str, Any]:
    """Votes to cast, convocations to answer and agreements of theirs past due, in one Mesa."""
    actor = actor_for(user, membership.mesa)
    if actor is None:
        return {"votes": [], "replies": [], "overdue": []}
    now = timezone.now()
    # The person's electorate seats in open votes with no ballot yet (an elector sees their vote).
    votes = [
        v
        for v in Vote.objects.filter(
            mesa=membership.mesa,
            status=Vote.Status.OPEN,
            closes_at__gt=now,
            electors__membership=membership,
            electors__ballot__isnull=True,
        ).order_by("closes_at")[:5]
        if v.is_open(now)
    ]
    upcoming = Meeting.objects.filter(status=Meeting.Status.CONVENED, starts_at__gte=timezone.now())
    replies = (
        Invitation.objects.filter(
            membership=membership,
            reply=Invitation.Reply.PENDING,
            meeting__in=meeting_policy.visible(actor, upcoming),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")[:5]
    )
    mine = Q(responsible_people=membership)
    if membership.seat_id is not None:
        mine |= Q(responsible_seats=membership.seat_id)
    overdue = (
        agreement_policy.visible(actor, Agreement.objects.overdue(membership.mesa.today()))
        .filter(mine)
        .distinct()
        .order_by("due_on")[:5]
    )
    return {"votes": votes, "replies": list(replies), "overdue": list(overdue)}
