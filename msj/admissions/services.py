"""The steps of an admission (DOMAIN.md §4.2), each one transaction with its audit entry and e-mails.

Every step locks the application's row, checks that the application is in the state the
step starts from, and refuses otherwise with a message saying which step comes first. The
vote itself is msj/votes' engine: `open_admission_vote` opens it and `apply_vote_result`,
connected to `msj.votes.services.vote_closed`, applies its outcome inside the closing
transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from msj.accounts.models import User
from msj.admissions import notices
from msj.admissions.models import REJECTIONS, Application, Bylaws, CandidateFile, Event, RequirementCheck
from msj.admissions.rules import (
    REQUIREMENT_KEYS,
    may_reapply,
    reapplication_opens_on,
    review_passes,
    vote_due_on,
    vote_is_due,
)
from msj.admissions.uploads import inspect_candidate_files
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees import services as committee_services
from msj.committees.models import Committee, CommitteeMember
from msj.meetings.models import Meeting
from msj.members.models import Membership
from msj.members.services import add_membership
from msj.mesas.models import Mesa
from msj.votes import rules as vote_rules
from msj.votes import services as vote_services
from msj.votes.models import Result, Vote

logger = logging.getLogger(__name__)

# What the audit trail keeps of an application: states, dates and ids; the candidate's name is
# in the row, which only the application's readers see.
AUDITED = [
    "id",
    "public_id",
    "mesa",
    "proposer",
    "status",
    "submitted_on",
    "reviewed_at",
    "distributed_at",
    "presented_at",
    "presented_on",
    "vote",
    "decided_on",
    "membership",
    "bylaws_version",
    "signed_at",
    "signed_on",
    "committee_request",
]


def _snapshot(application: Application) -> dict[str, Any]:
    return snapshot(application, fields=AUDITED)


def _user_of(by: Any) -> User | None:
    user = getattr(by, "user", by)
    return user if isinstance(user, User) else None


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("mesa", "proposer__user", "vote", "membership__user")
        .get(pk=application.pk)
    )


def _event(
    application: Application, kind: str, *, by: Any = None, at: dt.datetime | None = None, note: str = ""
) -> None:
    Event.objects.create(application=application, kind=kind, at=at or timezone.now(), by=_user_of(by), note=note[:300])


def _save(application: Application, before: dict[str, Any], fields: list[str], *, by: Any, request: Any) -> None:
    application.full_clean()
    application.save(update_fields=[*fields, "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=application,
        actor=by,
        mesa=application.mesa,
        before=before,
        after=_snapshot(application),
        request=request,
    )


def _local_date(mesa: Mesa, moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment, timezone=mesa.tzinfo)


# --- applying -------------------------------------------------------------------------------


def reapplication_refusal(mesa: Mesa, email: str, today: dt.date) -> str | None:
    """Why a candidate with this address may not apply today, or None when they may.

    A candidate has one application under way at a time; one who already holds a place in
    the Mesa does not apply; one who was rejected (by the review or by the vote) waits
    `mesa.reapplication_wait_days` from the day of their last application (rules.may_reapply).
    Addresses are compared without regard to case.
    """
    if Membership.objects.filter(mesa=mesa, user__email__iexact=email, ended_on__isnull=True).exists():
        return _("This person already has a place in this Mesa.")
    latest = (
        Application.objects.filter(mesa=mesa, candidate_email__iexact=email).order_by("-submitted_on", "-id").first()
    )
    if latest is None:
        return None
    if latest.is_running:
        return _("This candidate already has an application under way.")
    if latest.status in REJECTIONS and not may_reapply(
        last_applied_on=latest.submitted_on, today=today, wait_days=mesa.reapplication_wait_days
    ):
        opens = reapplication_opens_on(latest.submitted_on, mesa.reapplication_wait_days)
        return _("This candidate was not admitted; they may apply again from %(date)s.") % {
            "date": opens.strftime("%d/%m/%Y")
        }
    return None


def submit_application(
    *,
    mesa: Mesa,
    by: Any,
    candidate_name: str,
    candidate_email: str,
    files: Mapping[str, Any],
    request: Any = None,
) -> Application:
    """A citizen member proposes a candidate, with their CV, photo and motivation letter.

    Every file is checked (type by content, size) before anything is written; one refused
    file refuses the application whole, and no file stays on disk.
    """
    inspected = inspect_candidate_files(files)
    stored: list[CandidateFile] = []
    try:
        with transaction.atomic():
            return _submit(
                mesa=mesa,
                by=by,
                candidate_name=candidate_name,
                candidate_email=candidate_email,
                inspected=inspected,
                stored=stored,
                request=request,
            )
    except BaseException:
        for item in stored:
            item.file.delete(save=False)
        raise


def _submit(
    *,
    mesa: Mesa,
    by: Any,
    candidate_name: str,
    candidate_email: str,
    inspected: Mapping[str, Any],
    stored: list[CandidateFile],
    request: Any,
) -> Application:
    mesa = Mesa.objects.select_for_update().get(pk=mesa.pk)  # one application at a time per Mesa: the rule holds
    proposer = getattr(by, "membership", None)
    if proposer is None or not proposer.is_citizen or proposer.mesa_id != mesa.pk or not proposer.is_current():
        raise ValidationError(_("Only a citizen member of the Mesa may propose a candidate."))
    errors: dict[str, str] = {}
    name = " ".join(candidate_name.split())
    email = candidate_email.strip().lower()
    if not name:
        errors["candidate_name"] = _("Give the candidate's full name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["candidate_email"] = _("Give the candidate's e-mail address.")
    if "candidate_email" not in errors:
        refusal = reapplication_refusal(mesa, email, mesa.today())
        if refusal:
            errors["candidate_email"] = refusal
    if errors:
        raise ValidationError(errors)
    application = Application(
        mesa=mesa, proposer=proposer, candidate_name=name, candidate_email=email, submitted_on=mesa.today()
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError({"candidate_email": _("This candidate already has an application under way.")}) from None
    for kind, item in inspected.items():
        row = CandidateFile(
            application=application,
            kind=kind,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
        )
        row.file.save(item.name, item.upload, save=False)
        stored.append(row)
        row.full_clean()
        row.save()
    _event(application, Event.Kind.SUBMITTED, by=by)
    record(
        AuditEvent.Action.CREATE,
        obj=application,
        actor=by,
        mesa=mesa,
        after={
            **_snapshot(application),
            "files": [{"kind": f.kind, "name": f.original_name, "sha256": f.sha256, "size": f.size} for f in stored],
        },
        request=request,
    )
    notices.submitted(application)
    return application


# --- the Executive Committee's review ---------------------------------------------------------


_STEP: dict[str, int] = {
    Application.Status.SUBMITTED: 0,
    Application.Status.REVIEWED: 1,
    Application.Status.DISTRIBUTED: 2,
    Application.Status.PRESENTED: 3,
    Application.Status.VOTING: 4,
    Application.Status.NOT_VALID: 4,
    Application.Status.ADMITTED: 5,
    Application.Status.SIGNED: 6,
}


def _refuse_unless(application: Application, expected: set[str], refusal: str) -> None:
    """Refuse a step unless the application is where the step starts, saying what is wrong."""
    if application.status in expected:
        return
    if application.status in REJECTIONS:
        raise ValidationError(_("This candidate was not admitted: the application is closed."))
    if _STEP[application.status] > max(_STEP[s] for s in expected):
        raise ValidationError(_("This step has already been recorded."))
    raise ValidationError(refusal)


@transaction.atomic
def review_application(
    *, application: Application, checks: Mapping[str, tuple[bool, str]], by: Any, request: Any = None
) -> Application:
    """Record the Executive Committee's finding on each requirement of Cuadro 10, with a note.

    Every requirement must be answered; a requirement not met needs a note saying why. The
    application passes only when every requirement is met (rules.review_passes); otherwise
    it is closed as not admitted, which counts as a rejection for re-applying.
    """
    application = _lock(application)
    _refuse_unless(application, {Application.Status.SUBMITTED}, _("This application has already been reviewed."))
    if getattr(by, "membership", None) is None:
        raise ValidationError(_("Only a member of the Executive Committee may review an application."))
    errors: dict[str, str] = {}
    for key in REQUIREMENT_KEYS:
        if key not in checks:
            errors[key] = _("Say whether this requirement is met.")
        elif not checks[key][0] and not checks[key][1].strip():
            errors[f"{key}_note"] = _("Say why this requirement is not met.")
    unknown = set(checks) - set(REQUIREMENT_KEYS)
    if unknown:
        errors["requirement"] = _("Unknown requirement: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    RequirementCheck.objects.bulk_create(
        RequirementCheck(application=application, requirement=key, met=checks[key][0], note=checks[key][1].strip())
        for key in REQUIREMENT_KEYS
    )
    before = _snapshot(application)
    passed = review_passes({key: checks[key][0] for key in REQUIREMENT_KEYS})
    application.status = Application.Status.REVIEWED if passed else Application.Status.UNMET
    application.reviewed_at = timezone.now()
    application.reviewed_by = by.membership
    if not passed:
        application.decided_on = application.mesa.today()
    _save(application, before, ["status", "reviewed_at", "reviewed_by", "decided_on"], by=by, request=request)
    _event(application, Event.Kind.REVIEWED if passed else Event.Kind.UNMET, by=by)
    notices.reviewed(application)
    return application


# --- distribution and presentation ----------------------------------------------------------


@transaction.atomic
def distribute(*, application: Application, by: Any, request: Any = None) -> Application:
    """Send the candidate's CV to every active citizen member: an e-mail with the application's link.

    From now on every citizen member sees the application and the candidate's files.
    """
    application = _lock(application)
    _refuse_unless(
        application,
        {Application.Status.REVIEWED},
        _("The application must pass the Executive Committee's review before its CV is distributed."),
    )
    before = _snapshot(application)
    application.status = Application.Status.DISTRIBUTED
    application.distributed_at = timezone.now()
    _save(application, before, ["status", "distributed_at"], by=by, request=request)
    _event(application, Event.Kind.DISTRIBUTED, by=by)
    notices.distributed(application)
    return application


def check_citizens_meeting(meeting: Meeting | None, mesa: Mesa, *, field: str = "meeting") -> dt.date:
    """The local date of a citizens' meeting of `mesa` that has taken place; refuse any other meeting."""
    if meeting is None:
        raise ValidationError({field: _("Choose the citizens' meeting.")})
    if meeting.mesa_id != mesa.pk or meeting.kind != Meeting.Kind.CITIZENS:
        raise ValidationError({field: _("Choose a citizens' meeting of this Mesa.")})
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({field: _("This meeting was cancelled.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({field: _("This meeting has not taken place yet.")})
    return _local_date(mesa, meeting.starts_at)


def _schedule_vote_job(application: Application) -> None:
    """A job at the start of the day the vote is due; the daily command catches anything missed."""
    from msj.admissions.tasks import open_due_admission_votes_task  # tasks import this module

    assert application.presented_on is not None  # noqa: S101 - scheduled once presented
    due = vote_due_on(application.presented_on)
    at = timezone.make_aware(dt.datetime.combine(due, dt.time(0, 0)), application.mesa.tzinfo)
    job = open_due_admission_votes_task.using(run_after=at) if at > timezone.now() else open_due_admission_votes_task
    job.enqueue()


@transaction.atomic
def record_presentation(
    *, application: Application, meeting: Meeting | None, by: Any, request: Any = None
) -> Application:
    """Record that the candidate was presented at a citizens' meeting; the vote is then due the next day."""
    application = _lock(application)
    _refuse_unless(
        application,
        {Application.Status.DISTRIBUTED},
        _("The CV must be distributed to the citizen members before the candidate is presented."),
    )
    presented_on = check_citizens_meeting(meeting, application.mesa)
    assert application.distributed_at is not None  # noqa: S101 - a database constraint of the distributed state
    if presented_on < _local_date(application.mesa, application.distributed_at):
        raise ValidationError({"meeting": _("This meeting took place before the CV was distributed.")})
    before = _snapshot(application)
    application.status = Application.Status.PRESENTED
    application.presented_at = meeting
    application.presented_on = presented_on
    _save(application, before, ["status", "presented_at", "presented_on"], by=by, request=request)
    _event(application, Event.Kind.PRESENTED, by=by, note=meeting.title if meeting else "")
    notices.presented(application)
    transaction.on_commit(lambda: _schedule_vote_job(application), robust=True)
    return application


# --- the vote ---------------------------------------------------------------------------------


def vote_question(application: Application) -> str:
    """The ballot's question, in the Mesa's language (the bylaws' wording is Spanish)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Admit %(name)s as a citizen member without public office?") % {"name": application.candidate_name}


@transaction.atomic
def open_admission_vote(
    *, application: Application, by: Any = None, request: Any = None, now: dt.datetime | None = None
) -> Application:
    """Open the vote on a presented candidate (or again, after a vote without quorum).

    The electorate is the Mesa's active citizen members now, the window the Mesa's admission
    window (msj.votes.rules.window_for). A vote that was not valid decided nothing: the secretary
    may open a new one, which keeps the earlier as its previous round.
    """
    application = _lock(application)
    if application.status == Application.Status.VOTING:
        raise ValidationError(_("The vote on this candidate is already open."))
    _refuse_unless(
        application,
        {Application.Status.PRESENTED, Application.Status.NOT_VALID},
        _("The candidate must be presented at a citizens' meeting before the vote is opened."),
    )
    with translation.override(settings.LANGUAGE_CODE):
        options = vote_services.for_against()
    vote = vote_services.open_vote(
        mesa=application.mesa,
        kind=Vote.Kind.ADMISSION,
        question=vote_question(application),
        options=options,
        opens_at=now,
        previous=application.vote if application.status == Application.Status.NOT_VALID else None,
        by=by,
        request=request,
    )
    before = _snapshot(application)
    application.status = Application.Status.VOTING
    application.vote = vote
    _save(application, before, ["status", "vote"], by=by, request=request)
    _event(
        application,
        Event.Kind.VOTE_OPENED,
        by=by,
        at=vote.opens_at,
        note=_("opened by the daily job") if by is None else "",
    )
    return application


def open_due_admission_votes(now: dt.datetime | None = None) -> int:
    """Open the vote of every candidate presented the day before or earlier; idempotent.

    Each vote opens in its own transaction; one that fails is logged and retried on the
    next run. Returns how many votes were opened.
    """
    now = now or timezone.now()
    opened = 0
    for application in Application.objects.filter(status=Application.Status.PRESENTED).select_related("mesa"):
        assert application.presented_on is not None  # noqa: S101 - a database constraint of the state
        if not vote_is_due(presented_on=application.presented_on, today=_local_date(application.mesa, now)):
            continue
        try:
            open_admission_vote(application=application, now=now)
        except ValidationError as exc:  # opened meanwhile by the secretary, or an empty electorate
            logger.warning("Admission vote for %s not opened: %s", application.public_id, "; ".join(exc.messages))
        except Exception:  # one failure must not keep the other votes closed; the next run retries
            logger.exception("Could not open the admission vote for %s.", application.public_id)
        else:
            opened += 1
    return opened


def bylaws_in_force(mesa: Mesa) -> Bylaws | None:
    return Bylaws.objects.filter(mesa=mesa).order_by("-version").first()


def apply_vote_result(*, vote: Vote, result: Result) -> Application | None:
    """Apply the outcome of an admission vote; called inside the closing transaction, idempotent.

    Admitted: the person's account (created if missing) gets a citizen place in the Mesa from
    today, and the welcome letter goes out with the bylaws in force. Rejected: the candidate is
    told, and the re-application rule applies. Not valid (no quorum): nothing is decided; the
    secretary may open the vote again. The result is final; citizen members may ask for a review
    of the count on the vote's page.
    """
    if vote.kind != Vote.Kind.ADMISSION:
        return None
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("mesa", "proposer__user", "vote")
        .filter(vote=vote)
        .first()
    )
    if application is None or application.status != Application.Status.VOTING:
        return None
    mesa = application.mesa
    at = vote.closed_at or timezone.now()
    before = _snapshot(application)
    application.decided_on = mesa.today()
    if result.outcome == vote_rules.ADMITTED:
        application.status = Application.Status.ADMITTED
        _event(application, Event.Kind.ADMITTED, at=at)
        _admit(application)
    elif result.outcome == vote_rules.REJECTED:
        application.status = Application.Status.REJECTED
        _event(application, Event.Kind.REJECTED, at=at)
        notices.not_admitted(application)
    else:
        application.status = Application.Status.NOT_VALID
        application.decided_on = None
        _event(application, Event.Kind.NOT_VALID, at=at)
    _save(application, before, ["status", "decided_on", "membership", "bylaws_version"], by=None, request=None)
    notices.result(application)
    return application


def _admit(application: Application) -> None:
    mesa = application.mesa
    user = User.objects.filter(email__iexact=application.candidate_email).first()
    if user is None:
        user = User.objects.create_user(email=application.candidate_email, full_name=application.candidate_name)
    place = Membership.objects.filter(mesa=mesa, user=user, ended_on__isnull=True).first()
    if place is None:
        place = add_membership(mesa=mesa, user=user, kind=Membership.Kind.CITIZEN, started_on=mesa.today())
    if place.kind == Membership.Kind.CITIZEN:
        application.membership = place
    # Else they took another place (a volunteer) while the vote ran: the secretary changes it by
    # hand, and the application's page says so; the vote's outcome stands either way.
    bylaws = bylaws_in_force(mesa)
    application.bylaws_version = bylaws.version if bylaws else None
    notices.welcome(application, user, bylaws)
    _event(application, Event.Kind.WELCOME_SENT)


# --- after the vote ---------------------------------------------------------------------------


@transaction.atomic
def record_signing(
    *,
    application: Application,
    meeting: Meeting | None,
    signed_on: dt.date | None,
    by: Any,
    request: Any = None,
) -> Application:
    """Record that the new member signed the bylaws before everyone at a citizens' session."""
    application = _lock(application)
    _refuse_unless(
        application, {Application.Status.ADMITTED}, _("The candidate must be admitted by the vote before signing.")
    )
    if application.membership is None:
        raise ValidationError(
            _("The new member has no citizen place in the Mesa yet: the technical secretary must record it first.")
        )
    held_on = check_citizens_meeting(meeting, application.mesa)
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date of the signing.")})
    if signed_on != held_on:
        raise ValidationError({"signed_on": _("The bylaws are signed at the session: give the date of that meeting.")})
    if application.decided_on is not None and signed_on < application.decided_on:
        raise ValidationError({"meeting": _("This meeting took place before the candidate was admitted.")})
    before = _snapshot(application)
    application.status = Application.Status.SIGNED
    application.signed_at = meeting
    application.signed_on = signed_on
    _save(application, before, ["status", "signed_at", "signed_on"], by=by, request=request)
    _event(application, Event.Kind.SIGNED, by=by, note=meeting.title if meeting else "")
    notices.signed(application)
    return application


def joinable_committees(mesa: Mesa) -> models.QuerySet[Committee]:
    """The committees a new member may ask to join: open ones that admit members by request."""
    return (
        Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True)
        .exclude(kind__in=Committee.RESTRICTED_KINDS)
        .order_by("name")
    )


@transaction.atomic
def choose_committee(
    *, application: Application, committee: Committee | None, by: Any, request: Any = None
) -> CommitteeMember:
    """The new member asks to join a committee of their choice; its coordinator endorses (Cuadro 7)."""
    application = _lock(application)
    _refuse_unless(
        application,
        {Application.Status.SIGNED},
        _("The new member signs the bylaws at a citizens' session before joining a committee."),
    )
    if committee is None or committee.mesa_id != application.mesa_id:
        raise ValidationError({"committee": _("Choose one of the Mesa's committees.")})
    current = application.committee_request
    if current is not None:
        current.refresh_from_db()
        if current.status != CommitteeMember.Status.DECLINED and current.left_on is None:
            raise ValidationError({"committee": _("The new member has already asked to join a committee.")})
    assert application.membership is not None  # noqa: S101 - a signed application has its member
    try:
        member = committee_services.request_to_join(
            committee=committee, membership=application.membership, by=by, request=request
        )
    except ValidationError as exc:
        raise ValidationError({"committee": exc.messages}) from None
    before = _snapshot(application)
    application.committee_request = member
    _save(application, before, ["committee_request"], by=by, request=request)
    _event(application, Event.Kind.COMMITTEE_REQUESTED, by=by, note=committee.name)
    notices.committee_requested(application, member)
    return member


# --- bylaws -----------------------------------------------------------------------------------


@transaction.atomic
def adopt_bylaws(*, mesa: Mesa, text: str, adopted_on: dt.date | None, by: Any, request: Any = None) -> Bylaws:
    """Record a new version of the Mesa's bylaws; earlier versions are kept as they were."""
    mesa = Mesa.objects.select_for_update().get(pk=mesa.pk)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Give the text of the bylaws.")
    if adopted_on is None:
        errors["adopted_on"] = _("Give the date the bylaws were adopted.")
    elif adopted_on > mesa.today():
        errors["adopted_on"] = _("The date cannot be in the future.")
    if errors or adopted_on is None:
        raise ValidationError(errors)
    latest = Bylaws.objects.filter(mesa=mesa).aggregate(n=Max("version"))["n"] or 0
    bylaws = Bylaws(mesa=mesa, version=latest + 1, text=text.strip(), adopted_on=adopted_on, recorded_by=_user_of(by))
    bylaws.full_clean()
    bylaws.save()
    record(
        AuditEvent.Action.CREATE,
        obj=bylaws,
        actor=by,
        mesa=mesa,
        after=snapshot(bylaws, fields=["id", "public_id", "mesa", "version", "adopted_on"]),
        request=request,
    )
    return bylaws
