"""Writes on Mesas in formation, each in one transaction with its audit entry (DOMAIN.md §4.1).

Steps normally go in order, but the source says they are no checklist: a later step may be
validated before an earlier one when its evidence is there. The earlier step then stays on the
network's page as what blocks the Mesa, and installing (step 8) still needs steps 1 to 7.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from msj.accounts.models import User
from msj.agreements.uploads import inspect_upload
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.services import ensure_core_committees
from msj.meetings.models import Meeting
from msj.meetings.services import create_meeting
from msj.members.models import ALTERNATE_SEATS, Membership, Office
from msj.members.services import add_membership, appoint_office
from msj.mesas.models import Mesa, Network
from msj.mesas.services import publication_changed
from msj.network.models import Formation, FormationStep, Founder, StepEvidence
from msj.network.steps import INSTALLATION, MIN_FOUNDERS, STEP_COUNT, STEPS, EvidenceKind

FIRST_PLENARY_LENGTH = dt.timedelta(hours=2)
FIRST_PLENARY_TITLE = gettext_lazy("First plenary")


def _user(by: Any) -> Any:
    return getattr(by, "user", by)


# --- what a step still lacks --------------------------------------------------------------


def missing_evidence(step: FormationStep) -> list[str]:
    """What `step` still lacks before it may be validated, in words; empty when it may be.

    Reads ``step.evidence`` and ``step.formation.founders`` (prefetch them for lists).
    """
    definition = step.definition
    answered = {item.requirement for item in step.evidence.all()}
    missing = [str(r.label) for r in definition.requires if r.code not in answered]
    if definition.needs_founders or definition.needs_offices:
        founders = list(step.formation.founders.all())
        if definition.needs_founders and len(founders) < MIN_FOUNDERS:
            missing.append(_("a founding list of at least %(count)d citizens") % {"count": MIN_FOUNDERS})
        if definition.needs_offices:
            roles = [f.role for f in founders]
            if roles.count(Founder.Role.COORDINATOR) != 1:
                missing.append(_("the coordinator, named from the founding list"))
            if roles.count(Founder.Role.ALTERNATE) != ALTERNATE_SEATS:
                missing.append(_("two alternate coordinators, named from the founding list"))
    return missing


def blocking_step(steps: Iterable[FormationStep]) -> FormationStep | None:
    """The first step not yet validated: what holds the Mesa back, even if later ones are done."""
    return next((s for s in steps if not s.is_validated), None)


# --- registering a forming Mesa ------------------------------------------------------------


@transaction.atomic
def register_forming_mesa(
    *,
    network: Network,
    name: str,
    slug: str,
    state: str,
    time_zone: str,
    city: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Formation:
    """Start accompanying a new Mesa: the Mesa, forming, and its thirteen steps to go."""
    errors: dict[str, str] = {}
    if Mesa.objects.filter(slug=slug).exists():
        errors["slug"] = _("Another Mesa already uses this short name.")
    if not city.strip():
        errors["city"] = _("Give the city where the Mesa is forming.")
    if errors:
        raise ValidationError(errors)
    mesa = Mesa(network=network, name=name.strip(), slug=slug, state=state, time_zone=time_zone)
    mesa.full_clean()
    mesa.save()
    record(AuditEvent.Action.CREATE, obj=mesa, actor=by, after=snapshot(mesa), request=request)
    formation = Formation(mesa=mesa, city=city.strip(), registered_by=_user(by))
    formation.full_clean()
    formation.save()
    FormationStep.objects.bulk_create(FormationStep(formation=formation, number=s.number) for s in STEPS)
    record(
        AuditEvent.Action.CREATE,
        obj=formation,
        actor=by,
        after={**snapshot(formation), "steps": STEP_COUNT},
        request=request,
    )
    return formation


# --- evidence, notes, validation -------------------------------------------------------------


def _locked_step(step: FormationStep) -> FormationStep:
    return FormationStep.objects.select_for_update().select_related("formation__mesa").get(pk=step.pk)


@transaction.atomic
def add_evidence(
    *,
    step: FormationStep,
    requirement: str,
    kind: str = "",
    upload: Any = None,
    date: dt.date | None = None,
    text: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> StepEvidence:
    """Attach one piece of evidence to a step: a checked document, a date, attendees or a note.

    `requirement` names which of the step's requirements it answers (its kind follows from
    it); blank for extra evidence of the given `kind`.
    """
    step = _locked_step(step)
    mesa = step.formation.mesa
    if requirement:
        wanted = step.definition.requirement(requirement)
        if wanted is None:
            raise ValidationError({"requirement": _("Choose one of the evidence this step asks for.")})
        kind = wanted.kind
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose the kind of evidence.")})
    evidence = StepEvidence(step=step, kind=kind, requirement=requirement, added_by=_user(by))
    if kind == EvidenceKind.DOCUMENT:
        if upload is None:
            raise ValidationError({"document": _("Choose the document's file.")})
        inspected = inspect_upload(upload)  # refuses a wrong type or a file too large, naming it
        evidence.original_name = inspected.name
        evidence.content_type = inspected.content_type
        evidence.size = inspected.size
        evidence.sha256 = inspected.sha256
    elif kind == EvidenceKind.DATE:
        if date is None:
            raise ValidationError({"date": _("Give the date.")})
        evidence.date = date
    else:
        if not text.strip():
            raise ValidationError(
                {"text": _("Write who attended.") if kind == EvidenceKind.ATTENDEES else _("Write the note.")}
            )
        evidence.text = text.strip()
    if kind == EvidenceKind.DOCUMENT:
        evidence.document.save(evidence.original_name, upload, save=False)
    try:  # a refused row must not leave its file on disk
        evidence.full_clean()
        evidence.save()
    except BaseException:
        if evidence.document:
            evidence.document.delete(save=False)
        raise
    after = snapshot(evidence, ["kind", "requirement", "original_name", "sha256", "size", "date", "text"])
    record(AuditEvent.Action.CREATE, obj=evidence, actor=by, mesa=mesa, after=after, request=request)
    return evidence


@transaction.atomic
def save_notes(*, step: FormationStep, notes: str, by: Any, request: HttpRequest | None = None) -> FormationStep:
    """Replace the network's notes on a step."""
    step = _locked_step(step)
    before = snapshot(step, ["notes"])
    step.notes = notes.strip()
    step.full_clean()
    step.save(update_fields=["notes", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=step,
        actor=by,
        mesa=step.formation.mesa,
        before=before,
        after=snapshot(step, ["notes"]),
        request=request,
    )
    return step


@transaction.atomic
def validate_step(*, step: FormationStep, by: Any, request: HttpRequest | None = None) -> FormationStep:
    """Record that network staff checked the step's evidence and its objective is met."""
    step = _locked_step(step)
    mesa = step.formation.mesa
    if step.is_validated:
        raise ValidationError(_("This step has already been validated."))
    if step.number == INSTALLATION:
        raise ValidationError(_("Step 8 is validated by installing the Mesa."))
    if step.number < INSTALLATION and mesa.status != Mesa.Status.FORMING:
        raise ValidationError(_("This Mesa is already installed."))
    missing = missing_evidence(step)
    if missing:
        raise ValidationError(
            _("This step cannot be validated without its evidence. Missing: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    before = snapshot(step, ["validated_by", "validated_on"])
    step.validated_by = _user(by)
    step.validated_on = mesa.today()  # the day where the Mesa sits
    step.full_clean()
    step.save(update_fields=["validated_by", "validated_on", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=step,
        actor=by,
        mesa=mesa,
        before=before,
        after=snapshot(step, ["validated_by", "validated_on"]),
        request=request,
    )
    return step


# --- the founding list (steps 5 and 6) -----------------------------------------------------------


def _refuse_if_installed(formation: Formation) -> None:
    if formation.mesa.status != Mesa.Status.FORMING:
        raise ValidationError(_("This Mesa is already installed: its members are managed in the Mesa now."))


@transaction.atomic
def add_founder(
    *,
    formation: Formation,
    full_name: str,
    email: str,
    role: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Founder:
    """Add a citizen to the founding list, with the place they are named to (if any)."""
    formation = Formation.objects.select_for_update().select_related("mesa").get(pk=formation.pk)
    _refuse_if_installed(formation)
    errors: dict[str, str] = {}
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    else:
        if formation.founders.filter(email=email).exists():
            errors["email"] = _("This person is already on the founding list.")
    if not full_name.strip():
        errors["full_name"] = _("Give the person's full name.")
    if role not in Founder.Role.values:
        errors["role"] = _("Choose the person's place.")
    elif role == Founder.Role.COORDINATOR and formation.founders.filter(role=role).exists():
        errors["role"] = _("The founding list already has its coordinator.")
    elif role == Founder.Role.ALTERNATE and formation.founders.filter(role=role).count() >= ALTERNATE_SEATS:
        errors["role"] = _("The founding list already has two alternate coordinators.")
    if errors:
        raise ValidationError(errors)
    founder = Founder(formation=formation, full_name=full_name.strip(), email=email, role=role)
    founder.full_clean()
    founder.save()
    record(
        AuditEvent.Action.CREATE, obj=founder, actor=by, mesa=formation.mesa, after=snapshot(founder), request=request
    )
    return founder


@transaction.atomic
def remove_founder(*, founder: Founder, by: Any, request: HttpRequest | None = None) -> None:
    """Take a person off the founding list (until the Mesa is installed)."""
    formation = Formation.objects.select_for_update().select_related("mesa").get(pk=founder.formation_id)
    _refuse_if_installed(formation)
    record(
        AuditEvent.Action.DELETE,
        obj=founder,
        actor=by,
        mesa=formation.mesa,
        before=snapshot(founder),
        request=request,
    )
    founder.delete()


# --- installation (step 8) -------------------------------------------------------------------


def _evidence_date(step: FormationStep, code: str) -> dt.date | None:
    latest = step.evidence.filter(requirement=code).order_by("-created_at", "-pk").first()
    return latest.date if latest is not None else None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def install_mesa(
    *,
    formation: Formation,
    first_plenary_time: dt.time,
    first_plenary_place: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Mesa:
    """Install the Mesa (step 8): it becomes operating with its founders, offices and first plenary.

    Needs steps 1 to 7 validated and step 8's evidence (the installation act, its date and the
    first plenary's date). Every founder gets an account (an existing one is reused by its
    e-mail address; a new one has no password, and its owner signs in with a code sent by
    e-mail) and a citizen place from the installation date; the coordinator and the two
    alternates start their term, the Executive Committee members their office; the Executive
    and Indicators committees are created, and the first plenary is scheduled as a draft for
    the coordinator to prepare and convene. Installing twice is refused.
    """
    formation = Formation.objects.select_for_update().select_related("mesa").get(pk=formation.pk)
    mesa = Mesa.objects.select_for_update().get(pk=formation.mesa_id)
    if mesa.status != Mesa.Status.FORMING:
        raise ValidationError(_("This Mesa is already installed."))
    steps = {s.number: s for s in formation.steps.prefetch_related("evidence", "formation__founders")}
    pending = [str(n) for n in range(1, INSTALLATION) if not steps[n].is_validated]
    if pending:
        raise ValidationError(
            _("Validate steps 1 to 7 before installing. Not yet validated: %(steps)s.") % {"steps": ", ".join(pending)}
        )
    # The founding list may have changed since steps 5 and 6 were validated: check them again.
    missing = [m for n in (5, 6, INSTALLATION) for m in missing_evidence(steps[n])]
    if missing:
        raise ValidationError(
            _("The Mesa cannot be installed yet. Missing: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    installation = steps[INSTALLATION]
    installed_on = _evidence_date(installation, "installed_on")
    first_plenary_on = _evidence_date(installation, "first_plenary_on")
    assert installed_on is not None and first_plenary_on is not None  # noqa: S101 - missing_evidence checked them
    errors: dict[str, str] = {}
    if installed_on > mesa.today():
        errors["installed_on"] = _("The installation date cannot be in the future: install the Mesa on the day.")
    if first_plenary_on < installed_on:
        errors["first_plenary_on"] = _("The first plenary cannot be before the installation.")
    if not first_plenary_place.strip():
        errors["first_plenary_place"] = _("Give the place of the first plenary.")
    if errors:
        raise ValidationError(errors)

    before = snapshot(mesa, ["status", "installed_on"])
    mesa.status = Mesa.Status.OPERATING
    mesa.installed_on = installed_on
    mesa.full_clean()
    mesa.save(update_fields=["status", "installed_on", "updated_at"])

    term_ends_on = _add_months(installed_on, mesa.coordinator_term_months)
    offices: dict[str, str] = {
        Founder.Role.COORDINATOR: Office.Kind.COORDINATOR,
        Founder.Role.ALTERNATE: Office.Kind.ALTERNATE,
        Founder.Role.EXECUTIVE: Office.Kind.EXECUTIVE,
    }
    for founder in formation.founders.order_by("pk"):
        user = User.objects.filter(email=founder.email).first()
        if user is None:
            user = User.objects.create_user(email=founder.email, full_name=founder.full_name)
        membership = add_membership(mesa=mesa, user=user, kind=Membership.Kind.CITIZEN, started_on=installed_on, by=by)
        if founder.role in offices:
            kind = offices[founder.role]
            appoint_office(
                membership=membership,
                kind=kind,
                started_on=installed_on,
                term_ends_on=term_ends_on if kind != Office.Kind.EXECUTIVE else None,
                by=by,
            )
    ensure_core_committees(mesa=mesa, by=by)
    starts_at = dt.datetime.combine(first_plenary_on, first_plenary_time, tzinfo=mesa.tzinfo)
    with translation.override(settings.LANGUAGE_CODE):  # data of the Mesa, in its members' language
        title = str(FIRST_PLENARY_TITLE)
    plenary = create_meeting(
        mesa=mesa,
        kind=Meeting.Kind.PLENARY,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + FIRST_PLENARY_LENGTH,
        place=first_plenary_place,
        by=by,
        request=request,
    )

    step_before = snapshot(installation, ["validated_by", "validated_on"])
    installation.validated_by = _user(by)
    installation.validated_on = mesa.today()
    installation.full_clean()
    installation.save(update_fields=["validated_by", "validated_on", "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=installation,
        actor=by,
        mesa=mesa,
        before=step_before,
        after=snapshot(installation, ["validated_by", "validated_on"]),
        request=request,
    )
    record(
        AuditEvent.Action.UPDATE,
        obj=mesa,
        actor=by,
        before=before,
        after={**snapshot(mesa, ["status", "installed_on"]), "first_plenary": str(plenary.public_id)},
        request=request,
    )
    publication_changed(mesa)
    return mesa
