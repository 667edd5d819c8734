"""Writes of the honour capability, each in one transaction with its audit entries (DOMAIN.md §4.3).

The audit entries of cases, hearings and decisions hold states, dates and ids only, never their
text or the names of the people involved: the technical secretary reads the audit trail, and a
case is for its committee's eyes only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.models import Committee
from msj.honour.models import Case, Decision, Hearing, PanelMember, Resignation
from msj.honour.rules import case_may_be_decided, check_panel_addition, check_sanction, executive_offices
from msj.members.models import Membership, Office
from msj.members.services import change_membership_status
from msj.mesas.models import Mesa
from msj.notifications.services import queue_email

# What the audit trail keeps of each honour record (see the module's docstring).
AUDITED_FIELDS: dict[type[models.Model], list[str]] = {
    Case: ["id", "public_id", "mesa", "committee", "origin", "status", "opened_on", "decided_on", "closed_on"],
    PanelMember: ["id", "public_id", "case", "kind", "added_on"],
    Hearing: ["id", "public_id", "case", "outcome", "held_on"],
    Decision: ["id", "public_id", "case", "sanction", "grave", "decided_on"],
    Resignation: ["id", "public_id", "mesa", "membership", "resigned_on", "by_letter"],
}


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return snapshot(obj, fields=AUDITED_FIELDS[type(obj)])


def _audit_create(obj: models.Model, *, by: Any, mesa: Mesa, request: Any = None) -> None:
    record(AuditEvent.Action.CREATE, obj=obj, actor=by, mesa=mesa, after=_snapshot(obj), request=request)


def _membership_of(by: Any) -> Membership | None:
    return getattr(by, "membership", None)


def _language_of(user: User | None) -> str:
    return user.preferred_language if user is not None else settings.LANGUAGE_CODE


def _url(name: str, **kwargs: Any) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def _is_current_in(membership: Membership | None, mesa: Mesa) -> bool:
    return membership is not None and membership.mesa_id == mesa.pk and membership.is_current()


# --- resignations --------------------------------------------------------------------------------


def _notify_resignation(resignation: Resignation) -> None:
    """Tell the technical secretary; when the secretary is the one leaving, or there is none, the coordinator."""
    mesa = resignation.mesa
    offices = (
        Office.objects.current(mesa.today())
        .filter(mesa=mesa, kind=Office.Kind.SECRETARY)
        .exclude(membership=resignation.membership)
        .select_related("membership__user")
    )
    recipients = [o.membership.user for o in offices]
    if not recipients:
        recipients = [
            o.membership.user
            for o in Office.objects.current(mesa.today())
            .filter(mesa=mesa, kind=Office.Kind.COORDINATOR)
            .exclude(membership=resignation.membership)
            .select_related("membership__user")
        ]
    person = resignation.membership.user
    for user in recipients:
        with translation.override(_language_of(user)):
            subject = _("Resignation of %(person)s, %(mesa)s") % {"person": person.full_name, "mesa": mesa.name}
            body = render_to_string(
                "honour/email/resignation.txt",
                {"mesa": mesa, "recipient": user, "resignation": resignation, "person": person},
            )
        queue_email(
            key=f"resignation:{resignation.membership.public_id}:{user.public_id}",
            to=[user.email],
            subject=subject,
            body_text=body,
            mesa=mesa,
        )


def _resign(*, membership: Membership, on: dt.date, reason: str, by_letter: bool, by: Any, request: Any) -> Resignation:
    membership = Membership.objects.select_for_update().select_related("mesa", "user").get(pk=membership.pk)
    if membership.kind == Membership.Kind.OFFICIAL:
        raise ValidationError(
            {
                "member": _(
                    "Officials leave the Mesa when they leave office: the technical secretary "
                    "hands their seat over to the successor."
                )
            }
        )
    if membership.ended_on is not None or Resignation.objects.filter(membership=membership).exists():
        raise ValidationError({"member": _("This person's place in the Mesa has already ended.")})
    change_membership_status(membership=membership, status=Membership.Status.RESIGNED, on=on, by=by, request=request)
    resignation = Resignation(
        mesa=membership.mesa,
        membership=membership,
        resigned_on=on,
        reason=reason.strip(),
        by_letter=by_letter,
        recorded_by=_membership_of(by),
    )
    resignation.full_clean()
    resignation.save()
    _audit_create(resignation, by=by, mesa=membership.mesa, request=request)
    _notify_resignation(resignation)
    return resignation


@transaction.atomic
def resign(*, membership: Membership, confirmed: bool, reason: str = "", by: Any, request: Any = None) -> Resignation:
    """Resign one's own place in the Mesa today, in the Mesa's time zone; the secretary is told.

    The membership and any office it holds end today (members.services.change_membership_status).
    """
    if not confirmed:
        raise ValidationError({"confirm": _("Confirm that you resign your place in the Mesa.")})
    return _resign(
        membership=membership, on=membership.mesa.today(), reason=reason, by_letter=False, by=by, request=request
    )


@transaction.atomic
def record_resignation_letter(
    *, mesa: Mesa, membership: Membership | None, on: dt.date | None, reason: str = "", by: Any, request: Any = None
) -> Resignation:
    """Record a resignation the technical secretary received by letter, effective on the letter's date."""
    errors: dict[str, str] = {}
    if membership is None or membership.mesa_id != mesa.pk:
        errors["member"] = _("Choose the member who resigns.")
    if on is None:
        errors["on"] = _("Give the date of the letter.")
    if errors or membership is None or on is None:
        raise ValidationError(errors)
    return _resign(membership=membership, on=on, reason=reason, by_letter=True, by=by, request=request)


# --- cases ---------------------------------------------------------------------------------------


@transaction.atomic
def ensure_honour_committee(*, mesa: Mesa, by: Any = None) -> Committee:
    """Return the Mesa's Honour and Justice Committee, creating it the first time a case needs it."""
    Mesa.objects.select_for_update().get(pk=mesa.pk)
    committee = (
        Committee.objects.filter(mesa=mesa, kind=Committee.Kind.HONOUR, dissolved_on__isnull=True)
        .order_by("pk")
        .first()
    )
    if committee is not None:
        return committee
    # The name is data of the Mesa, stored in the language its members speak.
    with translation.override(settings.LANGUAGE_CODE):
        name = str(Committee.Kind.HONOUR.label)
    today = mesa.today()
    if Committee.objects.filter(mesa=mesa, name__iexact=name).exists():
        name = f"{name} ({today.year})"
    committee = Committee(mesa=mesa, kind=Committee.Kind.HONOUR, name=name, created_on=today)
    committee.full_clean()
    committee.save()
    record(AuditEvent.Action.CREATE, obj=committee, actor=by, mesa=mesa, after=snapshot(committee))
    return committee


def _notify_panel_member(member: PanelMember) -> None:
    """Tell one committee member a case awaits them; the case's content stays on the platform."""
    case = member.case
    with translation.override(_language_of(member.user)):
        subject = _("A case before the Honour and Justice Committee, %(mesa)s") % {"mesa": case.mesa.name}
        body = render_to_string(
            "honour/email/case_opened.txt",
            {
                "mesa": case.mesa,
                "member": member,
                "case": case,
                "url": _url("honour:case", mesa_slug=case.mesa.slug, public_id=case.public_id),
            },
        )
    queue_email(
        key=f"honour-panel:{case.public_id}:{member.public_id}",
        to=[member.email],
        subject=subject,
        body_text=body,
        mesa=case.mesa,
    )


def _seat(
    case: Case,
    *,
    kind: str,
    membership: Membership | None,
    user: User | None,
    full_name: str,
    email: str,
    by: Any,
    request: Any,
) -> PanelMember:
    member = PanelMember(
        case=case,
        kind=kind,
        membership=membership,
        user=user,
        full_name=full_name,
        email=email,
        added_on=case.mesa.today(),
        added_by=_membership_of(by),
    )
    member.full_clean()
    member.save()
    _audit_create(member, by=by, mesa=case.mesa, request=request)
    _notify_panel_member(member)
    return member


def _open(
    *,
    mesa: Mesa,
    origin: str,
    respondent: Membership | None,
    complainant: Membership | None,
    summary: str,
    by: Any,
    request: Any,
) -> Case:
    errors: dict[str, str] = {}
    if respondent is None or respondent.mesa_id != mesa.pk or respondent.ended_on is not None:
        errors["respondent"] = _("Choose a member of this Mesa whose place has not ended.")
    if complainant is not None and respondent is not None and complainant.pk == respondent.pk:
        errors["respondent"] = _("Nobody can file a complaint against themselves.")
    if complainant is not None and complainant.mesa_id != mesa.pk:
        errors["complainant"] = _("Choose a member of this Mesa.")
    if origin == Case.Origin.COMPLAINT and complainant is None:
        errors["complainant"] = _("A complaint needs the citizen member who files it.")
    if not summary.strip():
        errors["summary"] = _("Describe the facts the committee is asked to consider.")
    if errors or respondent is None:
        raise ValidationError(errors)
    case = Case(
        mesa=mesa,
        committee=ensure_honour_committee(mesa=mesa, by=by),
        respondent=respondent,
        complainant=complainant,
        origin=origin,
        summary=summary.strip(),
        opened_on=mesa.today(),
        opened_by=_membership_of(by),
    )
    case.full_clean()
    case.save()
    _audit_create(case, by=by, mesa=mesa, request=request)
    # The Executive Committee sits by office; who sat when the case opened is kept on the case.
    # A party never judges its own case.
    parties = {p.user_id for p in case.parties()}
    for office in executive_offices(mesa).select_related("membership__user").order_by("kind", "pk"):
        user = office.membership.user
        if user.pk in parties or PanelMember.objects.filter(case=case, user=user).exists():
            continue
        _seat(
            case,
            kind=PanelMember.Kind.EXECUTIVE,
            membership=office.membership,
            user=user,
            full_name=user.full_name,
            email=user.email.lower(),
            by=by,
            request=request,
        )
    return case


@transaction.atomic
def file_complaint(
    *, complainant: Membership, respondent: Membership | None, description: str, by: Any, request: Any = None
) -> Case:
    """File a citizen member's complaint against a member; it opens a case before the committee."""
    mesa = complainant.mesa
    if not (_is_current_in(complainant, mesa) and complainant.is_citizen):
        raise ValidationError(_("Only citizen members may file a complaint."))
    try:
        return _open(
            mesa=mesa,
            origin=Case.Origin.COMPLAINT,
            respondent=respondent,
            complainant=complainant,
            summary=description,
            by=by,
            request=request,
        )
    except ValidationError as exc:
        # The page calls the summary a description.
        if hasattr(exc, "error_dict") and "summary" in exc.error_dict:
            exc.error_dict["description"] = exc.error_dict.pop("summary")
        raise


@transaction.atomic
def open_case(
    *,
    mesa: Mesa,
    origin: str,
    respondent: Membership | None,
    summary: str,
    complainant: Membership | None = None,
    by: Any,
    request: Any = None,
) -> Case:
    """Open a case on the Executive Committee's own knowledge or on a written request."""
    if origin not in (Case.Origin.EXECUTIVE_COMMITTEE, Case.Origin.WRITTEN_REQUEST):
        raise ValidationError(
            {"origin": _("Choose whether the case comes from the Executive Committee or a written request.")}
        )
    return _open(
        mesa=mesa,
        origin=origin,
        respondent=respondent,
        complainant=complainant,
        summary=summary,
        by=by,
        request=request,
    )


def _lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("mesa", "respondent__user", "complainant__user")
        .get(pk=case.pk)
    )


@transaction.atomic
def add_panel_member(
    *,
    case: Case,
    kind: str,
    former_coordinator: Membership | None = None,
    email: str = "",
    full_name: str = "",
    by: Any,
    request: Any = None,
) -> PanelMember:
    """Seat a former coordinator or a guest on the case's committee (rules.check_panel_addition)."""
    case = _lock(case)
    user: User | None = None
    if kind == PanelMember.Kind.GUEST:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            full_name = user.full_name or full_name
        elif not full_name.strip():
            raise ValidationError({"full_name": _("Give the guest's full name.")})
    check_panel_addition(case=case, kind=kind, membership=former_coordinator, user=user, email=email)
    if kind == PanelMember.Kind.FORMER_COORDINATOR and former_coordinator is not None:
        user = former_coordinator.user
        email = user.email.lower()
        full_name = user.full_name
    return _seat(
        case,
        kind=kind,
        membership=former_coordinator,
        user=user,
        full_name=full_name.strip(),
        email=email,
        by=by,
        request=request,
    )


@transaction.atomic
def record_hearing(
    *,
    case: Case,
    party: Membership | None,
    outcome: str,
    held_on: dt.date | None,
    notes: str = "",
    by: Any,
    request: Any = None,
) -> Hearing:
    """Record that a party was heard, or refused to be heard; once per party."""
    case = _lock(case)
    if not case.is_open:
        raise ValidationError(_("This case is no longer open."))
    errors: dict[str, str] = {}
    if party is None or party.pk not in {p.pk for p in case.parties()}:
        errors["party"] = _("Choose one of the parties to the case.")
    elif Hearing.objects.filter(case=case, party=party).exists():
        errors["party"] = _("This party's hearing is already recorded.")
    if outcome not in Hearing.Outcome.values:
        errors["outcome"] = _("Say whether the party was heard or refused to be heard.")
    if held_on is None:
        errors["held_on"] = _("Give the date of the hearing.")
    elif held_on < case.opened_on:
        errors["held_on"] = _("The hearing cannot be before the case was opened.")
    elif held_on > case.mesa.today():
        errors["held_on"] = _("The hearing cannot be dated in the future.")
    if errors or party is None or held_on is None:
        raise ValidationError(errors)
    hearing = Hearing(
        case=case, party=party, outcome=outcome, held_on=held_on, notes=notes.strip(), recorded_by=_membership_of(by)
    )
    hearing.full_clean()
    hearing.save()
    _audit_create(hearing, by=by, mesa=case.mesa, request=request)
    return hearing


def _notify_decision(decision: Decision) -> None:
    case = decision.case
    user = case.respondent.user
    with translation.override(_language_of(user)):
        subject = _("Decision of the Honour and Justice Committee, %(mesa)s") % {"mesa": case.mesa.name}
        body = render_to_string(
            "honour/email/decision.txt", {"mesa": case.mesa, "person": user, "decision": decision, "case": case}
        )
    queue_email(
        key=f"honour-decision:{case.public_id}", to=[user.email], subject=subject, body_text=body, mesa=case.mesa
    )


@transaction.atomic
def decide_case(
    *,
    case: Case,
    sanction: str,
    grounds: str,
    decided_on: dt.date | None,
    grave: bool = False,
    grave_reason: str = "",
    by: Any,
    request: Any = None,
) -> Decision:
    """Record the committee's final decision; a suspension suspends the respondent's place that day.

    Only once every party has been heard or refused to be heard (rules.case_may_be_decided),
    and only with a sanction the grading allows (rules.check_sanction). The respondent is told.
    """
    case = _lock(case)
    if not case.is_open:
        raise ValidationError(_("This case has already been decided or closed: decisions are final."))
    if not case_may_be_decided(case):
        raise ValidationError(_("Every party must be heard, or their refusal recorded, before the committee decides."))
    check_sanction(case=case, sanction=sanction, grave=grave, grave_reason=grave_reason)
    errors: dict[str, str] = {}
    if not grounds.strip():
        errors["grounds"] = _("Write the grounds of the decision.")
    last_hearing = Hearing.objects.filter(case=case).aggregate(last=models.Max("held_on"))["last"]
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    elif decided_on > case.mesa.today():
        errors["decided_on"] = _("The decision cannot be dated in the future.")
    elif last_hearing is not None and decided_on < last_hearing:
        errors["decided_on"] = _("The decision cannot be dated before the last hearing.")
    respondent = Membership.objects.get(pk=case.respondent_id)
    if sanction in Decision.SUSPENSIONS and respondent.ended_on is not None:
        errors["sanction"] = _("The respondent's place in the Mesa has ended: there is nothing to suspend.")
    if errors or decided_on is None:
        raise ValidationError(errors)
    before = _snapshot(case)
    case.status = Case.Status.DECIDED
    case.decided_on = decided_on
    case.full_clean()
    case.save(update_fields=["status", "decided_on", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=case, actor=by, before=before, after=_snapshot(case), request=request)
    decision = Decision(
        case=case,
        sanction=sanction,
        grave=grave,
        grave_reason=grave_reason.strip(),
        grounds=grounds.strip(),
        decided_on=decided_on,
        recorded_by=_membership_of(by),
    )
    decision.full_clean()
    decision.save()
    _audit_create(decision, by=by, mesa=case.mesa, request=request)
    if decision.suspends:
        change_membership_status(
            membership=respondent, status=Membership.Status.SUSPENDED, on=decided_on, by=by, request=request
        )
    _notify_decision(decision)
    return decision


@transaction.atomic
def close_case(*, case: Case, reason: str, by: Any, request: Any = None) -> Case:
    """Close an open case without a decision (the complaint withdrawn, the respondent gone); final too."""
    case = _lock(case)
    if not case.is_open:
        raise ValidationError(_("This case has already been decided or closed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is closed without a decision.")})
    before = _snapshot(case)
    case.status = Case.Status.CLOSED
    case.closed_on = case.mesa.today()
    case.closing_reason = reason.strip()
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "closing_reason", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=case, actor=by, before=before, after=_snapshot(case), request=request)
    return case
