"""Writes on axes and committees, each in one transaction with its audit entries (Cuadros 7 and 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.models import Axis, Committee, CommitteeDecision, CommitteeMember, ManualSignature, ProcessManual
from msj.members.models import Membership
from msj.members.services import add_membership
from msj.mesas.models import Mesa

# People outside the Mesa's core whom a committee may take in by e-mail (Cuadro 7, §3.3.11).
OUTSIDE_KINDS = (Membership.Kind.VOLUNTEER, Membership.Kind.GUEST)
# Kinds a decision may create; the Executive and Indicators committees come with the Mesa.
DECIDED_KINDS = (Committee.Kind.THEMATIC, Committee.Kind.HONOUR)


def _membership_of(by: Any) -> Membership | None:
    return getattr(by, "membership", None)


def _is_current_in(membership: Membership | None, mesa: Mesa) -> bool:
    return membership is not None and membership.mesa_id == mesa.pk and membership.is_current()


def _check_decision(errors: dict[str, str], *, mesa: Mesa, decided_on: dt.date | None, minutes_reference: str) -> None:
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the Executive Committee's decision.")
    elif decided_on > mesa.today():
        errors["decided_on"] = _("The decision cannot be dated in the future.")
    if not minutes_reference.strip():
        errors["minutes_reference"] = _("Give the reference of the minutes where the decision stands.")


def _audit_create(obj: Any, *, by: Any, mesa: Mesa, request: Any = None) -> None:
    record(AuditEvent.Action.CREATE, obj=obj, actor=by, mesa=mesa, after=snapshot(obj), request=request)


@transaction.atomic
def ensure_core_committees(*, mesa: Mesa, by: Any = None) -> list[Committee]:
    """Create the Executive and the Indicators committees if the Mesa lacks them; return both.

    They exist from the Mesa's creation (DOMAIN.md §1) and need no decision. Calling this
    again changes nothing.
    """
    Mesa.objects.select_for_update().get(pk=mesa.pk)
    core = []
    for kind in (Committee.Kind.EXECUTIVE, Committee.Kind.INDICATORS):
        committee = Committee.objects.filter(mesa=mesa, kind=kind).first()
        if committee is None:
            # The name is data of the Mesa, stored in the language its members speak.
            with translation.override(settings.LANGUAGE_CODE):
                name = str(Committee.Kind(kind).label)
            committee = Committee(mesa=mesa, kind=kind, name=name, created_on=mesa.installed_on or mesa.today())
            committee.full_clean()
            committee.save()
            _audit_create(committee, by=by, mesa=mesa)
        core.append(committee)
    return core


@transaction.atomic
def create_axis(*, mesa: Mesa, number: int, name: str, by: Any, request: Any = None) -> Axis:
    """Add an axis (eje) to group the Mesa's committees."""
    if Axis.objects.filter(mesa=mesa, number=number).exists():
        raise ValidationError({"number": _("The Mesa already has an axis with this number.")})
    axis = Axis(mesa=mesa, number=number, name=name.strip())
    axis.full_clean()
    axis.save()
    _audit_create(axis, by=by, mesa=mesa, request=request)
    return axis


@transaction.atomic
def create_committee(
    *,
    mesa: Mesa,
    name: str,
    coordinator: Membership | None,
    alternate: Membership | None,
    manual_text: str,
    decided_on: dt.date | None,
    minutes_reference: str,
    by: Any,
    kind: str = Committee.Kind.THEMATIC,
    axis: Axis | None = None,
    request: Any = None,
) -> Committee:
    """Create a committee by a recorded Executive Committee decision (Cuadro 7).

    A committee opens with a coordinator and an alternate, two different citizen members of
    the Mesa, and its process manual. Anything missing refuses the whole creation, with a
    message naming the field.
    """
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Give the committee a name.")
    elif Committee.objects.filter(mesa=mesa, name__iexact=name).exists():
        errors["name"] = _("The Mesa already has a committee with this name.")
    if kind not in DECIDED_KINDS:
        errors["kind"] = _("The Executive and the Indicators committees exist from the Mesa's creation.")
    if axis is not None and axis.mesa_id != mesa.pk:
        errors["axis"] = _("Choose one of this Mesa's axes.")
    for field, person in (("coordinator", coordinator), ("alternate", alternate)):
        if person is None:
            errors[field] = (
                _("Name the committee coordinator.")
                if field == "coordinator"
                else _("Name the alternate committee coordinator.")
            )
        elif not (_is_current_in(person, mesa) and person.is_citizen):
            errors[field] = (
                _("The committee coordinator must be a current citizen member of the Mesa.")
                if field == "coordinator"
                else _("The alternate committee coordinator must be a current citizen member of the Mesa.")
            )
    if coordinator is not None and alternate is not None and coordinator.pk == alternate.pk:
        errors["alternate"] = _("The alternate must be a different person from the coordinator.")
    if not manual_text.strip():
        errors["manual_text"] = _("Write the committee's process manual: its members sign it to open the committee.")
    _check_decision(errors, mesa=mesa, decided_on=decided_on, minutes_reference=minutes_reference)
    if errors or coordinator is None or alternate is None or decided_on is None:
        raise ValidationError(errors)

    recorded_by = _membership_of(by)
    committee = Committee(mesa=mesa, name=name, kind=kind, axis=axis, created_on=decided_on)
    committee.full_clean()
    committee.save()
    _audit_create(committee, by=by, mesa=mesa, request=request)
    decision = CommitteeDecision(
        mesa=mesa,
        kind=CommitteeDecision.Kind.CREATE,
        committee=committee,
        decided_on=decided_on,
        minutes_reference=minutes_reference.strip(),
        recorded_by=recorded_by,
    )
    decision.full_clean()
    decision.save()
    _audit_create(decision, by=by, mesa=mesa, request=request)
    manual = ProcessManual(
        committee=committee, version=1, text=manual_text.strip(), adopted_on=decided_on, adopted_by=recorded_by
    )
    manual.full_clean()
    manual.save()
    _audit_create(manual, by=by, mesa=mesa, request=request)
    for role, person in ((CommitteeMember.Role.COORDINATOR, coordinator), (CommitteeMember.Role.ALTERNATE, alternate)):
        member = CommitteeMember(
            committee=committee,
            membership=person,
            role=role,
            status=CommitteeMember.Status.APPROVED,
            joined_on=decided_on,
            approved_by=recorded_by,
        )
        member.full_clean()
        member.save()
        _audit_create(member, by=by, mesa=mesa, request=request)
    return committee


@transaction.atomic
def dissolve_committee(
    *, committee: Committee, decided_on: dt.date | None, minutes_reference: str, by: Any, request: Any = None
) -> Committee:
    """Dissolve a committee by a recorded Executive Committee decision; its members leave that day."""
    committee = Committee.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=committee.pk)
    mesa = committee.mesa
    if committee.is_core:
        raise ValidationError(
            _("The Executive and the Indicators committees exist as long as the Mesa does: they cannot be dissolved.")
        )
    if committee.is_dissolved:
        raise ValidationError(_("This committee has already been dissolved."))
    errors: dict[str, str] = {}
    _check_decision(errors, mesa=mesa, decided_on=decided_on, minutes_reference=minutes_reference)
    if decided_on is not None and decided_on < committee.created_on:
        errors["decided_on"] = _("The dissolution cannot be dated before the committee was created.")
    if errors or decided_on is None:
        raise ValidationError(errors)

    before = snapshot(committee)
    committee.dissolved_on = decided_on
    committee.full_clean()
    committee.save(update_fields=["dissolved_on", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=committee, actor=by, before=before, after=snapshot(committee), request=request)
    decision = CommitteeDecision(
        mesa=mesa,
        kind=CommitteeDecision.Kind.DISSOLVE,
        committee=committee,
        decided_on=decided_on,
        minutes_reference=minutes_reference.strip(),
        recorded_by=_membership_of(by),
    )
    decision.full_clean()
    decision.save()
    _audit_create(decision, by=by, mesa=mesa, request=request)
    for member in CommitteeMember.objects.open().select_for_update().filter(committee=committee):
        member_before = snapshot(member)
        member.left_on = max(decided_on, member.joined_on or decided_on)
        update_fields = ["left_on", "updated_at"]
        if member.status == CommitteeMember.Status.PENDING:
            member.status = CommitteeMember.Status.DECLINED
            update_fields.append("status")
        member.save(update_fields=update_fields)
        record(
            AuditEvent.Action.UPDATE,
            obj=member,
            actor=by,
            mesa=mesa,
            before=member_before,
            after=snapshot(member),
            request=request,
        )
    return committee


def _check_open_for_joining(committee: Committee) -> None:
    if committee.is_dissolved:
        raise ValidationError(_("This committee has been dissolved."))
    if committee.is_restricted:
        raise ValidationError(_("The members of this committee are named by the Mesa; nobody joins it by request."))


def _refuse_if_on_committee(committee: Committee, membership: Membership) -> None:
    existing = CommitteeMember.objects.open().filter(committee=committee, membership=membership).first()
    if existing is not None:
        if existing.status == CommitteeMember.Status.PENDING:
            raise ValidationError(_("A request to join this committee is already awaiting its coordinator."))
        raise ValidationError(_("This person is already a member of this committee."))


@transaction.atomic
def request_to_join(
    *, committee: Committee, membership: Membership, by: Any = None, request: Any = None
) -> CommitteeMember:
    """Ask to join a committee; its coordinator (or the alternate) decides (Cuadro 7)."""
    committee = Committee.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=committee.pk)
    _check_open_for_joining(committee)
    if not _is_current_in(membership, committee.mesa):
        raise ValidationError(_("Only people with a current place in the Mesa may join its committees."))
    _refuse_if_on_committee(committee, membership)
    member = CommitteeMember(committee=committee, membership=membership, status=CommitteeMember.Status.PENDING)
    member.full_clean()
    member.save()
    _audit_create(member, by=by, mesa=committee.mesa, request=request)
    return member


@transaction.atomic
def decide_request(*, member: CommitteeMember, approve: bool, by: Any, request: Any = None) -> CommitteeMember:
    """Approve or decline a pending request to join; approval starts the membership today."""
    member = (
        CommitteeMember.objects.select_for_update(of=("self",))
        .select_related("committee__mesa", "membership")
        .get(pk=member.pk)
    )
    committee = member.committee
    if member.status != CommitteeMember.Status.PENDING or member.left_on is not None:
        raise ValidationError(_("This request is no longer awaiting a decision."))
    if committee.is_dissolved:
        raise ValidationError(_("This committee has been dissolved."))
    before = snapshot(member)
    if approve:
        membership = Membership.objects.select_related("mesa", "user").get(pk=member.membership_id)
        if not _is_current_in(membership, committee.mesa):
            raise ValidationError(_("This person no longer has a place in the Mesa."))
        member.status = CommitteeMember.Status.APPROVED
        member.joined_on = committee.mesa.today()
        member.approved_by = _membership_of(by)
        update_fields = ["status", "joined_on", "approved_by", "updated_at"]
    else:
        member.status = CommitteeMember.Status.DECLINED
        update_fields = ["status", "updated_at"]
    member.full_clean()
    member.save(update_fields=update_fields)
    record(
        AuditEvent.Action.UPDATE,
        obj=member,
        actor=by,
        mesa=committee.mesa,
        before=before,
        after=snapshot(member),
        request=request,
    )
    return member


@transaction.atomic
def leave_committee(
    *, committee: Committee, membership: Membership, by: Any = None, request: Any = None
) -> CommitteeMember:
    """Leave a committee today, or withdraw a pending request to join it."""
    committee = Committee.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=committee.pk)
    member = (
        CommitteeMember.objects.open().select_for_update().filter(committee=committee, membership=membership).first()
    )
    if member is None:
        raise ValidationError(_("You are not a member of this committee."))
    if member.is_officer:
        raise ValidationError(
            _(
                "The committee's coordinator and alternate cannot leave it on their own: "
                "the Executive Committee names their successor first."
            )
        )
    before = snapshot(member)
    member.left_on = max(committee.mesa.today(), member.joined_on or committee.mesa.today())
    member.full_clean()
    member.save(update_fields=["left_on", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=member,
        actor=by,
        mesa=committee.mesa,
        before=before,
        after=snapshot(member),
        request=request,
    )
    return member


@transaction.atomic
def add_person(
    *, committee: Committee, email: str, full_name: str, kind: str, by: Any, request: Any = None
) -> CommitteeMember:
    """Add a volunteer or a guest to a committee by e-mail (Cuadro 7: no need to belong to the core).

    A person without an account gets one (its e-mail address unverified until they use it)
    and a place in the Mesa of the given kind; then they join the committee, approved. Any
    bad input refuses the whole: no account, no place, no committee seat.
    """
    committee = Committee.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=committee.pk)
    mesa = committee.mesa
    if committee.is_dissolved:
        raise ValidationError(_("This committee has been dissolved."))
    if committee.kind == Committee.Kind.EXECUTIVE:
        raise ValidationError(_("The Executive Committee is made up of citizen members only."))
    errors: dict[str, str] = {}
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if kind not in OUTSIDE_KINDS:
        errors["kind"] = _("Choose whether the person joins as a volunteer or as a guest.")
    if errors:
        raise ValidationError(errors)

    today = mesa.today()
    user = User.objects.filter(email=email).first()
    membership = None
    if user is not None:
        membership = (
            Membership.objects.filter(mesa=mesa, user=user, ended_on__isnull=True)
            .select_related("mesa", "user")
            .first()
        )
    if membership is not None:
        if membership.kind not in OUTSIDE_KINDS:
            raise ValidationError(
                {
                    "email": _(
                        "This person already has a place in the Mesa: they can ask to join from the committee's page."
                    )
                }
            )
        if not membership.is_current():
            raise ValidationError({"email": _("This person's place in the Mesa is not active.")})
    else:
        if user is None:
            if not full_name.strip():
                raise ValidationError({"full_name": _("Give the person's full name: they have no account yet.")})
            user = User.objects.create_user(email=email, full_name=full_name.strip())
        membership = add_membership(mesa=mesa, user=user, kind=kind, started_on=today, by=by)
    _refuse_if_on_committee(committee, membership)
    member = CommitteeMember(
        committee=committee,
        membership=membership,
        status=CommitteeMember.Status.APPROVED,
        joined_on=today,
        approved_by=_membership_of(by),
    )
    member.full_clean()
    member.save()
    _audit_create(member, by=by, mesa=mesa, request=request)
    return member


@transaction.atomic
def adopt_manual(
    *, committee: Committee, text: str, adopted_on: dt.date | None, by: Any, request: Any = None
) -> ProcessManual:
    """Adopt a new version of the committee's process manual; every member signs it anew."""
    committee = Committee.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=committee.pk)
    if committee.is_dissolved:
        raise ValidationError(_("This committee has been dissolved."))
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write the text of the process manual.")
    if adopted_on is None:
        errors["adopted_on"] = _("Give the date the manual was adopted.")
    elif adopted_on > committee.mesa.today():
        errors["adopted_on"] = _("The manual cannot be adopted on a future date.")
    if errors or adopted_on is None:
        raise ValidationError(errors)
    latest = committee.manuals.aggregate(n=Max("version"))["n"] or 0
    manual = ProcessManual(
        committee=committee, version=latest + 1, text=text.strip(), adopted_on=adopted_on, adopted_by=_membership_of(by)
    )
    manual.full_clean()
    manual.save()
    _audit_create(manual, by=by, mesa=committee.mesa, request=request)
    return manual


def manual_in_force(committee: Committee) -> ProcessManual | None:
    return committee.manuals.order_by("-version").first()


@transaction.atomic
def sign_manual(
    *, committee: Committee, membership: Membership, by: Any = None, request: Any = None
) -> tuple[ManualSignature, bool]:
    """Sign the process manual in force as a member of the committee; signing twice changes nothing.

    Return the signature and whether it is new.
    """
    member = (
        CommitteeMember.objects.serving()
        .select_for_update(of=("self",))
        .filter(committee=committee, membership=membership)
        .select_related("committee__mesa")
        .first()
    )
    if member is None:
        raise ValidationError(_("Only the members of this committee sign its process manual."))
    manual = manual_in_force(member.committee)
    if manual is None:
        raise ValidationError(_("This committee has no process manual to sign yet."))
    existing = ManualSignature.objects.filter(manual=manual, member=member).first()
    if existing is not None:
        return existing, False
    signature = ManualSignature(manual=manual, member=member, signed_at=timezone.now())
    signature.full_clean()
    signature.save()
    _audit_create(signature, by=by, mesa=member.committee.mesa, request=request)
    return signature, True
