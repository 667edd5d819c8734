"""Writes that span several rows of `members`, each in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.members.models import ALTERNATE_SEATS, Membership, Office, OfficialPost, Seat
from msj.mesas.models import Mesa


@transaction.atomic
def add_membership(
    *,
    mesa: Mesa,
    user: User,
    kind: str,
    started_on: dt.date,
    seat: Seat | None = None,
    by: Any = None,
) -> Membership:
    """Give a person a place in a Mesa (officials through their post's seat)."""
    membership = Membership(mesa=mesa, user=user, kind=kind, started_on=started_on, seat=seat)
    membership.full_clean()
    membership.save()
    record(AuditEvent.Action.CREATE, obj=membership, actor=by, after=snapshot(membership))
    return membership


@transaction.atomic
def change_membership_status(
    *, membership: Membership, status: str, on: dt.date, by: Any = None, request: Any = None
) -> Membership:
    """Record a suspension, reinstatement, resignation or removal; access follows at once.

    Resignation and removal close the membership (and any office it holds) on `on`;
    a suspension keeps it open but grants no access while it lasts.
    """
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_on is not None:
        raise ValidationError(_("This membership has already ended."))
    if on < membership.started_on:
        raise ValidationError({"on": _("The date cannot be before the membership started.")})
    if on > membership.mesa.today():
        # A change takes effect when it is recorded; a future date would say one thing and do another.
        raise ValidationError({"on": _("The date cannot be in the future: record the change on the day it happens.")})
    before = snapshot(membership)
    membership.status = status
    update_fields = ["status", "updated_at"]
    if status in {Membership.Status.RESIGNED, Membership.Status.REMOVED}:
        membership.ended_on = on
        update_fields.append("ended_on")
        for office in Office.objects.select_for_update().filter(membership=membership, ended_on__isnull=True):
            office_before = snapshot(office)
            office.ended_on = max(on, office.started_on)
            office.save(update_fields=["ended_on", "updated_at"])
            record(
                AuditEvent.Action.UPDATE,
                obj=office,
                actor=by,
                before=office_before,
                after=snapshot(office),
                request=request,
            )
    membership.full_clean()
    membership.save(update_fields=update_fields)
    record(
        AuditEvent.Action.UPDATE, obj=membership, actor=by, before=before, after=snapshot(membership), request=request
    )
    return membership


@transaction.atomic
def create_seat(*, mesa: Mesa, post: OfficialPost, label: str = "", by: Any = None, request: Any = None) -> Seat:
    """Add an official's seat for a post of the catalogue; it starts vacant."""
    seat = Seat(mesa=mesa, post=post, label=label.strip())
    seat.full_clean()
    seat.save()
    record(AuditEvent.Action.CREATE, obj=seat, actor=by, after=snapshot(seat), request=request)
    return seat


@transaction.atomic
def hand_over_seat(*, seat: Seat, new_holder: User, on: dt.date, by: Any = None, request: Any = None) -> Membership:
    """Pass an official's seat to the post's new holder; the former holder loses access on `on`.

    The seat, and everything recorded against it, stays with the post: only the
    person changes. History is the sequence of memberships on the seat.
    """
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    previous = seat.memberships.filter(ended_on__isnull=True).select_related("user").first()
    if previous is not None:
        if previous.user_id == new_holder.pk:
            raise ValidationError({"new_holder": _("This person already holds the seat.")})
        if on < previous.started_on:
            raise ValidationError({"on": _("The handover cannot be before the current holder took the seat.")})
        before = snapshot(previous)
        previous.ended_on = on
        previous.save(update_fields=["ended_on", "updated_at"])
        record(
            AuditEvent.Action.UPDATE,
            obj=previous,
            actor=by,
            before=before,
            after=snapshot(previous),
            request=request,
        )
    if Membership.objects.filter(mesa=seat.mesa, user=new_holder, ended_on__isnull=True).exists():
        raise ValidationError(
            {"new_holder": _("This person already has a place in this Mesa; end it before giving them a seat.")}
        )
    membership = Membership(mesa=seat.mesa, user=new_holder, kind=Membership.Kind.OFFICIAL, started_on=on, seat=seat)
    membership.full_clean()
    membership.save()
    record(AuditEvent.Action.CREATE, obj=membership, actor=by, after=snapshot(membership), request=request)
    return membership


@transaction.atomic
def appoint_office(
    *,
    membership: Membership,
    kind: str,
    started_on: dt.date,
    term_ends_on: dt.date | None = None,
    by: Any = None,
) -> Office:
    """Start a term in an office, ending the previous holder's term where the office is single.

    The Mesa row is locked first, so two appointments at once cannot both pass the
    "two alternates" check. Citizen offices are for citizen members only, and the
    technical secretary is staff or a citizen — never an official (DOMAIN.md §2.7.1).
    """
    mesa = Mesa.objects.select_for_update().get(pk=membership.mesa_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)  # its status as of now
    if kind in {Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE} and not membership.is_citizen:
        raise ValidationError(_("Only citizen members may hold this office."))
    if kind == Office.Kind.SECRETARY and membership.kind not in {Membership.Kind.STAFF, Membership.Kind.CITIZEN}:
        raise ValidationError(_("The technical secretary must be staff of the Mesa or a citizen member."))
    if membership.status != Membership.Status.ACTIVE or membership.ended_on is not None:
        raise ValidationError(_("Only an active member may take an office."))
    if kind in {Office.Kind.COORDINATOR, Office.Kind.SECRETARY}:
        for current in Office.objects.select_for_update().filter(mesa=mesa, kind=kind, ended_on__isnull=True):
            before = snapshot(current)
            current.ended_on = max(started_on, current.started_on)
            current.save(update_fields=["ended_on", "updated_at"])
            record(AuditEvent.Action.UPDATE, obj=current, actor=by, before=before, after=snapshot(current))
    if kind == Office.Kind.COORDINATOR:
        # An alternate who becomes coordinator leaves the alternate seat, which falls vacant.
        for own in Office.objects.select_for_update().filter(
            membership=membership, kind=Office.Kind.ALTERNATE, ended_on__isnull=True
        ):
            before = snapshot(own)
            own.ended_on = max(started_on, own.started_on)
            own.save(update_fields=["ended_on", "updated_at"])
            record(AuditEvent.Action.UPDATE, obj=own, actor=by, before=before, after=snapshot(own))
    if kind == Office.Kind.ALTERNATE:
        open_alternates = Office.objects.select_for_update().filter(mesa=mesa, kind=kind, ended_on__isnull=True)
        if open_alternates.count() >= ALTERNATE_SEATS:
            raise ValidationError(_("The Mesa already has two alternate coordinators."))
    office = Office(mesa=mesa, membership=membership, kind=kind, started_on=started_on, term_ends_on=term_ends_on)
    office.full_clean()
    office.save()
    record(AuditEvent.Action.CREATE, obj=office, actor=by, after=snapshot(office))
    return office
