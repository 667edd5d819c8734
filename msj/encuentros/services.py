"""Writes of the Encuentro Nacional, each in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from msj.agreements.services import CLOSED
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.encuentros.models import (
    AgendaItem,
    Delegate,
    Encuentro,
    NetworkAgreement,
    NetworkFollowUp,
    network_time_zone,
    network_today,
)
from msj.members.models import Membership
from msj.mesas.models import Mesa, Network

# Who a Mesa may send: its members with a voice of their own (DOMAIN.md §2), not its staff.
DELEGATE_KINDS = (Membership.Kind.CITIZEN, Membership.Kind.OFFICIAL)

ENCUENTRO_FIELDS = (
    "year",
    "title",
    "city",
    "venue",
    "starts_on",
    "ends_on",
    "status",
    "registration_closes_at",
    "delegates_per_mesa",
)


def _user(by: Any) -> Any:
    return getattr(by, "user", by)


def eligible_delegates(mesa: Mesa) -> list[Membership]:
    """The Mesa's current citizen and official members, today where the Mesa sits."""
    rows = (
        Membership.objects.current()
        .filter(mesa=mesa, kind__in=DELEGATE_KINDS)
        .select_related("mesa", "user")
        .order_by("user__full_name", "pk")
    )
    return [m for m in rows if m.is_current()]


@transaction.atomic
def save_encuentro(
    *, network: Network, by: Any, values: dict[str, Any], encuentro: Encuentro | None = None, request: Any = None
) -> Encuentro:
    """Create an Encuentro of `network`, or change one, from the form's values."""
    before = snapshot(encuentro) if encuentro is not None else None
    row = encuentro if encuentro is not None else Encuentro(network=network)
    for name in ENCUENTRO_FIELDS:
        setattr(row, name, values[name])
    row.full_clean()
    row.save()
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    record(action, obj=row, actor=by, before=before, after=snapshot(row), request=request)
    return row


@transaction.atomic
def register_delegates(
    *,
    encuentro: Encuentro,
    mesa: Mesa,
    memberships: Iterable[Membership],
    by: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> list[Delegate]:
    """Register members of `mesa` as its delegates, all of them or none.

    Refused when registration is closed, when the Mesa is not operating, when someone is no
    current citizen or official member of the Mesa, or when the Mesa would pass the limit.
    """
    # Lock the Encuentro: two registrations of the same Mesa at once cannot both pass the limit.
    encuentro = Encuentro.objects.select_for_update().get(pk=encuentro.pk)
    now = now or timezone.now()
    chosen = list(memberships)
    if not encuentro.registration_is_open(now):
        raise ValidationError(_("Registration for %(encuentro)s is closed.") % {"encuentro": encuentro})
    if mesa.network_id != encuentro.network_id:
        raise ValidationError(_("This Mesa does not belong to the network of the Encuentro."))
    if mesa.status != Mesa.Status.OPERATING:
        raise ValidationError(_("Only an operating Mesa registers delegates."))
    if not chosen:
        raise ValidationError(_("Choose at least one member."))
    eligible = {m.pk for m in eligible_delegates(mesa)}
    strangers = [m for m in chosen if m.pk not in eligible]
    if strangers:
        raise ValidationError(
            _("%(names)s cannot be a delegate: only current citizen and official members of the Mesa can.")
            % {"names": ", ".join(m.user.full_name for m in strangers)}
        )
    taken = set(Delegate.objects.filter(encuentro=encuentro, mesa=mesa).values_list("membership_id", flat=True))
    already = [m for m in chosen if m.pk in taken]
    if already:
        raise ValidationError(
            _("%(names)s is already registered.") % {"names": ", ".join(m.user.full_name for m in already)}
        )
    if len(taken) + len(chosen) > encuentro.delegates_per_mesa:
        left = max(0, encuentro.delegates_per_mesa - len(taken))
        raise ValidationError(
            ngettext(
                "Each Mesa may send %(limit)d delegate and %(left)d place is left.",
                "Each Mesa may send %(limit)d delegates and %(left)d places are left.",
                encuentro.delegates_per_mesa,
            )
            % {"limit": encuentro.delegates_per_mesa, "left": left}
        )
    added = []
    for membership in chosen:
        delegate = Delegate(
            encuentro=encuentro,
            mesa=mesa,
            membership=membership,
            name=membership.user.full_name or membership.user.email,
            registered_by=_user(by),
        )
        delegate.full_clean()
        delegate.save()
        record(AuditEvent.Action.CREATE, obj=delegate, actor=by, after=snapshot(delegate), request=request)
        added.append(delegate)
    return added


@transaction.atomic
def withdraw_delegate(
    *, delegate: Delegate, by: Any, now: dt.datetime | None = None, request: HttpRequest | None = None
) -> None:
    """Take a delegate off the Mesa's registration, while registration is open."""
    encuentro = Encuentro.objects.select_for_update().get(pk=delegate.encuentro_id)
    if not encuentro.registration_is_open(now or timezone.now()):
        raise ValidationError(_("Registration for %(encuentro)s is closed.") % {"encuentro": encuentro})
    record(AuditEvent.Action.DELETE, obj=delegate, actor=by, before=snapshot(delegate), request=request)
    delegate.delete()


@transaction.atomic
def add_agenda_item(
    *,
    encuentro: Encuentro,
    by: Any,
    title: str,
    minutes: int,
    presenter_mesa: Mesa | None = None,
    presenter_name: str = "",
    position: int | None = None,
    request: HttpRequest | None = None,
) -> AgendaItem:
    """Add an item to the programme: at the end, or at `position`, moving the following ones down."""
    encuentro = Encuentro.objects.select_for_update().get(pk=encuentro.pk)
    if presenter_mesa is not None and presenter_mesa.network_id != encuentro.network_id:
        raise ValidationError({"presenter_mesa": _("The Mesa belongs to another network.")})
    last = encuentro.agenda.aggregate(last=Max("position"))["last"] or 0
    if position is None or position > last:
        position = last + 1
    else:
        # From the end backwards, so that no two items share a position on the way.
        for item in encuentro.agenda.filter(position__gte=position).order_by("-position"):
            item.position += 1
            item.save(update_fields=["position", "updated_at"])
    item = AgendaItem(
        encuentro=encuentro,
        position=position,
        title=title.strip(),
        minutes=minutes,
        presenter_mesa=presenter_mesa,
        presenter_name=presenter_name.strip(),
    )
    item.full_clean()
    item.save()
    record(AuditEvent.Action.CREATE, obj=item, actor=by, after=snapshot(item), request=request)
    return item


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, by: Any, request: HttpRequest | None = None) -> None:
    """Remove an item and close the gap it leaves."""
    encuentro = Encuentro.objects.select_for_update().get(pk=item.encuentro_id)
    record(AuditEvent.Action.DELETE, obj=item, actor=by, before=snapshot(item), request=request)
    position = item.position
    item.delete()
    for following in encuentro.agenda.filter(position__gt=position).order_by("position"):
        following.position -= 1
        following.save(update_fields=["position", "updated_at"])


@transaction.atomic
def record_attendance(
    *,
    encuentro: Encuentro,
    entries: dict[Delegate, str],
    by: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Record who of the registered delegates attended; return how many rows changed.

    Attendance is taken once the Encuentro starts (its first day, network time), not before.
    """
    now = now or timezone.now()
    if now.astimezone(network_time_zone()).date() < encuentro.starts_on:
        raise ValidationError(_("Attendance is taken from the first day of the Encuentro."))
    changed = 0
    for delegate, status in entries.items():
        if delegate.encuentro_id != encuentro.pk:
            raise ValidationError(_("Someone on the list is not registered for this Encuentro."))
        if delegate.attendance == status:
            continue
        before = snapshot(delegate, ["attendance"])
        delegate.attendance = status
        delegate.full_clean()
        delegate.save(update_fields=["attendance", "updated_at"])
        record(
            AuditEvent.Action.UPDATE,
            obj=delegate,
            actor=by,
            before=before,
            after=snapshot(delegate, ["attendance"]),
            request=request,
        )
        changed += 1
    return changed


def _check_responsible(network_responsible: bool, mesas: list[Mesa], encuentro: Encuentro) -> None:
    if not network_responsible and not mesas:
        raise ValidationError(_("Name the responsible: the network, one or more Mesas, or both."))
    if any(m.network_id != encuentro.network_id for m in mesas):
        raise ValidationError({"responsible_mesas": _("A responsible Mesa belongs to another network.")})


def _check_due_on(due_on: dt.date | None, encuentro: Encuentro) -> None:
    if due_on is not None and due_on < encuentro.starts_on:
        raise ValidationError({"due_on": _("The due date cannot be before the Encuentro.")})


@transaction.atomic
def create_agreement(
    *,
    encuentro: Encuentro,
    by: Any,
    text: str,
    network_responsible: bool,
    responsible_mesas: Iterable[Mesa],
    due_on: dt.date | None,
    request: HttpRequest | None = None,
) -> NetworkAgreement:
    """Record an agreement taken at the Encuentro, numbered in the order they were taken."""
    encuentro = Encuentro.objects.select_for_update().get(pk=encuentro.pk)
    mesas = list(responsible_mesas)
    _check_responsible(network_responsible, mesas, encuentro)
    _check_due_on(due_on, encuentro)
    number = (encuentro.agreements.aggregate(last=Max("number"))["last"] or 0) + 1
    agreement = NetworkAgreement(
        encuentro=encuentro, number=number, text=text.strip(), network_responsible=network_responsible, due_on=due_on
    )
    agreement.full_clean()
    agreement.save()
    agreement.responsible_mesas.set(mesas)
    after = {**snapshot(agreement), "responsible_mesas": sorted(m.pk for m in mesas)}
    record(AuditEvent.Action.CREATE, obj=agreement, actor=by, after=after, request=request)
    return agreement


@transaction.atomic
def update_agreement(
    *,
    agreement: NetworkAgreement,
    by: Any,
    text: str,
    network_responsible: bool,
    responsible_mesas: Iterable[Mesa],
    due_on: dt.date | None,
    request: HttpRequest | None = None,
) -> NetworkAgreement:
    """Correct an agreement's text, its responsible and its due date (the status moves by follow-ups)."""
    agreement = NetworkAgreement.objects.select_for_update().select_related("encuentro").get(pk=agreement.pk)
    mesas = list(responsible_mesas)
    _check_responsible(network_responsible, mesas, agreement.encuentro)
    _check_due_on(due_on, agreement.encuentro)
    before = {
        **snapshot(agreement),
        "responsible_mesas": sorted(agreement.responsible_mesas.values_list("pk", flat=True)),
    }
    agreement.text, agreement.network_responsible, agreement.due_on = text.strip(), network_responsible, due_on
    agreement.full_clean()
    agreement.save(update_fields=["text", "network_responsible", "due_on", "updated_at"])
    agreement.responsible_mesas.set(mesas)
    after = {**snapshot(agreement), "responsible_mesas": sorted(m.pk for m in mesas)}
    record(AuditEvent.Action.UPDATE, obj=agreement, actor=by, before=before, after=after, request=request)
    return agreement


@transaction.atomic
def add_follow_up(
    *,
    agreement: NetworkAgreement,
    by: Any,
    on: dt.date,
    note: str,
    mesa: Mesa | None = None,
    status_after: str = "",
    request: HttpRequest | None = None,
) -> NetworkFollowUp:
    """Append an entry to the agreement's timeline; the network's entries may move its status.

    A Mesa reports on agreements where it is responsible and never moves the status, which
    the network confirms. Moving to done or cancelled closes the agreement on the entry's
    date; moving back to open or in progress reopens it (the Mesas' matrix rule).
    """
    agreement = NetworkAgreement.objects.select_for_update().select_related("encuentro").get(pk=agreement.pk)
    errors: dict[str, str] = {}
    if on > network_today():
        errors["on"] = _("The date cannot be in the future: record what has happened.")
    elif on < agreement.encuentro.starts_on:
        errors["on"] = _("The date cannot be before the Encuentro.")
    if mesa is not None:
        if status_after:
            errors["status_after"] = _("Only the network moves the status of a network agreement.")
        if not agreement.responsible_mesas.filter(pk=mesa.pk).exists():
            raise ValidationError(_("Your Mesa is not responsible for this agreement."))
    if errors:
        raise ValidationError(errors)
    entry = NetworkFollowUp(
        agreement=agreement, on=on, note=note.strip(), mesa=mesa, status_after=status_after, author=_user(by)
    )
    entry.full_clean()
    entry.save()
    record(AuditEvent.Action.CREATE, obj=entry, actor=by, mesa=mesa, after=snapshot(entry), request=request)
    if status_after and status_after != agreement.status:
        before = snapshot(agreement, ["status", "closed_on"])
        agreement.status = status_after
        agreement.closed_on = on if status_after in CLOSED else None
        agreement.full_clean()
        agreement.save(update_fields=["status", "closed_on", "updated_at"])
        after = snapshot(agreement, ["status", "closed_on"])
        record(AuditEvent.Action.UPDATE, obj=agreement, actor=by, before=before, after=after, request=request)
    return entry


def matrix_rows(encuentro: Encuentro) -> QuerySet[NetworkAgreement]:
    """The Encuentro's agreements with what the matrix shows of each, in a fixed number of queries."""
    return with_last_follow_up(encuentro.agreements.select_related("encuentro")).order_by("number")


def with_last_follow_up(queryset: QuerySet[NetworkAgreement]) -> QuerySet[NetworkAgreement]:
    """Annotate the date of each agreement's latest follow-up; prefetch its responsible Mesas."""
    latest = NetworkFollowUp.objects.filter(agreement=OuterRef("pk")).order_by("-on", "-created_at", "-pk")
    return queryset.annotate(last_follow_up_on=Subquery(latest.values("on")[:1])).prefetch_related(
        Prefetch("responsible_mesas", queryset=Mesa.objects.order_by("name"))
    )
