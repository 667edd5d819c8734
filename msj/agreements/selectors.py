"""Reads of the agreements matrix shared by its pages, its exports, the API and the dashboard."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.committees.models import CommitteeMember
from msj.members.access import Actor
from msj.members.models import Membership, Seat
from msj.members.policies import membership_policy


def overdue_count(actor: Actor) -> int:
    """How many agreements the actor may read are overdue today, in the Mesa's time zone (dashboard)."""
    return agreement_policy.visible(actor, Agreement.objects.all()).overdue(actor.mesa.today()).count()  # type: ignore[attr-defined]


def matrix_rows(actor: Actor, queryset: models.QuerySet[Agreement] | None = None) -> models.QuerySet[Agreement]:
    """The agreements `actor` may read, with everything a matrix row shows, in a fixed number of queries.

    People are named only where the actor may see the Mesa's directory: the holders of the
    responsible seats, the responsible people and the committee's coordinator come through
    the members' own policy, so a volunteer sees the posts but not who holds them.
    """
    queryset = Agreement.objects.all() if queryset is None else queryset
    people = membership_policy.visible(actor, Membership.objects.all()).select_related("user")
    holders = people.filter(ended_on__isnull=True, status=Membership.Status.ACTIVE)
    coordinators = CommitteeMember.objects.filter(
        role=CommitteeMember.Role.COORDINATOR,
        status=CommitteeMember.Status.APPROVED,
        left_on__isnull=True,
        membership__in=holders.values("pk"),
    ).select_related("membership__user")
    return (
        agreement_policy.visible(actor, queryset)
        .with_last_follow_up()  # type: ignore[attr-defined]
        .select_related("origin_meeting", "committee")
        .prefetch_related(
            Prefetch(
                "responsible_seats",
                queryset=Seat.objects.select_related("post").prefetch_related(
                    Prefetch("memberships", queryset=holders, to_attr="current_holders")
                ),
            ),
            Prefetch("responsible_people", queryset=people.order_by("user__full_name")),
            Prefetch("committee__members", queryset=coordinators, to_attr="current_coordinators"),
            "topics",
        )
        .order_by("-year", "-number", "pk")
    )
