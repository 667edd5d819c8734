"""Who may read and write the agreements matrix: one policy for every page, export and the API.

Reading follows the agreement's audience, which follows the body of the meeting where it
was taken (msj.agreements.services.audience_for):

- "mesa": every current member of the Mesa (citizens, officials, staff, honorary citizens);
- "citizens": citizen members and the technical secretary — officials never;
- "executive": the Executive Committee (coordinator and alternates included) and the secretary;
- "committee": the committee's approved members, the citizen members and the secretary.

An official also reads the "mesa" and "committee" agreements where their seat is
responsible — never a citizens-only or Executive Committee one. Volunteers and guests,
who work in committees without being members, read their committees' agreements only.

Writing: the technical secretary and the coordinator do everything; a committee's
coordinator and alternate add follow-ups (and move the status) of their committee's
agreements; an official adds follow-ups (their report) where their seat is responsible,
without moving the status, which those who keep the matrix confirm.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from msj.agreements.models import Agreement
from msj.agreements.services import AUDIENCE_BY_MEETING_KIND
from msj.committees.models import CommitteeMember
from msj.core.policy import Policy
from msj.members.access import Actor, Role

# Kinds of membership that make someone part of the Mesa (volunteers and guests are not, §2).
MEMBER_ROLES = (Role.CITIZEN, Role.OFFICIAL, Role.STAFF, Role.HONORARY)
# Who keeps the matrix: creates, edits and records any follow-up.
KEEPER_ROLES = (Role.SECRETARY, Role.COORDINATOR)
# Who may take the matrix out of the platform as a file (audited): the keepers and the
# Executive Committee, which monitors the committees' compliance (DOMAIN.md §4.5).
EXPORT_ROLES = (Role.SECRETARY, Role.COORDINATOR, Role.ALTERNATE, Role.EXECUTIVE)


def _committees_of(actor: Actor, *, officers_only: bool = False) -> models.QuerySet[CommitteeMember, Any]:
    rows = CommitteeMember.objects.filter(
        membership=actor.membership, status=CommitteeMember.Status.APPROVED, left_on__isnull=True
    )
    if officers_only:
        rows = rows.filter(role__in=[CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE])
    return rows.values("committee_id")


def readable_audiences(actor: Actor) -> list[str]:
    """The audiences whose agreements `actor` reads whatever the committee or the seats."""
    audiences: list[str] = []
    if actor.has(*MEMBER_ROLES):
        audiences.append(Agreement.Audience.MESA)
    if actor.has(Role.CITIZEN, Role.SECRETARY):
        audiences += [Agreement.Audience.CITIZENS, Agreement.Audience.COMMITTEE]
    if actor.is_executive or actor.has(Role.SECRETARY):
        audiences.append(Agreement.Audience.EXECUTIVE)
    return audiences


class AgreementPolicy(Policy[Agreement]):
    def visible_q(self, actor: Actor) -> Q:
        """The agreements `actor` may read, as one condition on Agreement rows."""
        membership = actor.membership
        if membership is None:  # network staff: never a Mesa's deliberations
            return Q(pk__in=[])
        rule = Q(audience__in=readable_audiences(actor))
        rule |= Q(audience=Agreement.Audience.COMMITTEE, committee_id__in=_committees_of(actor))
        if membership.seat_id is not None:
            seat_responsible = Agreement.responsible_seats.through.objects.filter(
                agreement=OuterRef("pk"), seat_id=membership.seat_id
            )
            rule |= Q(audience__in=[Agreement.Audience.MESA, Agreement.Audience.COMMITTEE]) & Q(
                Exists(seat_responsible)
            )
        return Q(mesa_id=actor.mesa.pk) & rule

    def visible(self, actor: Actor, queryset: models.QuerySet[Agreement]) -> models.QuerySet[Agreement]:
        return queryset.filter(self.visible_q(actor))

    def can(self, actor: Actor, action: str, obj: Agreement | None = None) -> bool:
        """May `actor` do `action`? With `obj`, the caller has already fetched it through `visible`."""
        if not actor.is_member:
            return False
        if action == "view":
            return True  # the rows themselves are filtered by `visible`
        if action in {"create", "edit"}:
            return actor.has(*KEEPER_ROLES)
        if action == "export":
            return actor.has(*EXPORT_ROLES)
        if action == "follow_up":
            return self._keeps(actor, obj) or self._reports(actor, obj)
        if action == "change_status":
            return self._keeps(actor, obj)
        return False

    def _keeps(self, actor: Actor, agreement: Agreement | None) -> bool:
        """The secretary and the coordinator; a committee's officers for its agreements."""
        if actor.has(*KEEPER_ROLES):
            return True
        if agreement is None or agreement.committee_id is None:
            return False
        return _committees_of(actor, officers_only=True).filter(committee_id=agreement.committee_id).exists()

    def _reports(self, actor: Actor, agreement: Agreement | None) -> bool:
        """An official whose seat is responsible for the agreement reports on it."""
        membership = actor.membership
        if agreement is None or membership is None or membership.seat_id is None or not actor.has(Role.OFFICIAL):
            return False
        return agreement.responsible_seats.filter(pk=membership.seat_id).exists()


agreement_policy = AgreementPolicy()


def meetings_visible_q(actor: Actor) -> Q:
    """Meetings `actor` may name as an agreement's origin or a follow-up's meeting.

    Agreements sit below meetings and cannot ask the meetings' own policy, so this applies
    the same rule through the audience each meeting gives its agreements: whoever may read
    the agreements of a meeting may name it. Drafts belong to those who keep the matrix.
    """
    if actor.membership is None:
        return Q(pk__in=[])
    audiences = set(readable_audiences(actor))
    kinds = [kind for kind, audience in AUDIENCE_BY_MEETING_KIND.items() if audience in audiences]
    rule = Q(kind__in=kinds)
    if Agreement.Audience.CITIZENS in audiences:
        rule |= ~Q(kind__in=list(AUDIENCE_BY_MEETING_KIND))  # other kinds default to citizens
    elif Agreement.Audience.MESA in audiences:
        # Installation, workshop, press conference and social events are open to every member.
        rule |= Q(kind__in=["installation", "workshop", "press", "social"])
    rule |= Q(kind="committee", committee_id__in=_committees_of(actor))
    if not actor.has(*KEEPER_ROLES):
        rule &= ~Q(status="draft")
    return Q(mesa_id=actor.mesa.pk) & rule
