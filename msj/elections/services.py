"""Elections of the coordinator and the alternates: candidacies, the votes, second rounds, new terms.

Each write is one transaction with its audit entry. The daily job (`run_due`) creates the
cycle of each Mesa's current term, opens the votes that are due and, once a term starts,
hands the offices over (`apply_due_terms`); every step is idempotent, so running it twice a
day, or late, changes nothing more. The votes themselves are the engine's (msj/votes):
this module chooses who stands and who votes, and records what a closed vote decided.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from msj.agreements.uploads import PDF, inspect_upload
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.elections import notices, rules
from msj.elections.models import Candidacy, ElectionCycle, ElectionVote, Seat
from msj.members.models import Membership, Office, alternate_shortfall
from msj.members.services import appoint_office
from msj.mesas.models import Mesa
from msj.votes import rules as vote_rules
from msj.votes import services as vote_services
from msj.votes.models import Elector, Result, Vote

logger = logging.getLogger(__name__)

# What the audit trail keeps of a candidacy: who, for which seat, when; the letter stays on its page.
CANDIDACY_FIELDS = [
    "id",
    "public_id",
    "cycle",
    "membership",
    "seat",
    "letter_name",
    "submitted_on",
    "recorded_by",
    "forwarded_at",
]


def _candidacy_snapshot(candidacy: Candidacy) -> dict[str, Any]:
    return snapshot(candidacy, fields=CANDIDACY_FIELDS)


# --- the term and its calendar ----------------------------------------------------------------


def coordinator_office(mesa: Mesa, today: dt.date | None = None) -> Office | None:
    """The coordinator's current term (the outgoing coordinator stays in office until someone is elected)."""
    today = today or mesa.today()
    return (
        Office.objects.current(today)
        .filter(mesa=mesa, kind=Office.Kind.COORDINATOR)
        .select_related("membership__user")
        .order_by("-started_on")
        .first()
    )


def current_term_end(mesa: Mesa, today: dt.date | None = None) -> dt.date | None:
    office = coordinator_office(mesa, today)
    if office is None:
        return None
    return rules.term_end(
        started_on=office.started_on, term_ends_on=office.term_ends_on, term_months=mesa.coordinator_term_months
    )


def current_alternates(mesa: Mesa, today: dt.date | None = None) -> list[Office]:
    return list(
        Office.objects.current(today or mesa.today())
        .filter(mesa=mesa, kind=Office.Kind.ALTERNATE)
        .select_related("membership__user", "membership__mesa")
        .order_by("membership__user__full_name", "pk")
    )


def alternates_warning(mesa: Mesa, today: dt.date | None = None) -> int:
    """How many alternate seats are empty now; anything above zero is shown as a warning."""
    return alternate_shortfall(len(current_alternates(mesa, today)))


@dataclass(frozen=True)
class Calendar:
    term_ends_on: dt.date
    candidacy_first_day: dt.date
    candidacy_last_day: dt.date
    coordinator_vote_opens_on: dt.date
    alternate_vote_opens_on: dt.date
    alternate_vote_closes_on: dt.date
    next_term_ends_on: dt.date


def calendar_for(mesa: Mesa, term_ends_on: dt.date) -> Calendar:
    first, last = rules.candidacy_window(mesa, term_ends_on)
    alternate_opens = rules.alternate_vote_opens_on(mesa, term_ends_on)
    return Calendar(
        term_ends_on=term_ends_on,
        candidacy_first_day=first,
        candidacy_last_day=last,
        coordinator_vote_opens_on=rules.coordinator_vote_opens_on(mesa, term_ends_on),
        alternate_vote_opens_on=alternate_opens,
        alternate_vote_closes_on=alternate_opens + dt.timedelta(days=mesa.election_vote_days),
        next_term_ends_on=rules.next_term_end(term_ends_on, mesa.coordinator_term_months),
    )


def current_cycle(mesa: Mesa, today: dt.date | None = None) -> ElectionCycle | None:
    """The cycle of the current term, if the job (or a candidate) has created it yet. Reads only."""
    term_ends_on = current_term_end(mesa, today)
    if term_ends_on is None:
        return None
    return ElectionCycle.objects.filter(mesa=mesa, term_ends_on=term_ends_on).first()


@transaction.atomic
def ensure_cycle(mesa: Mesa, today: dt.date | None = None) -> ElectionCycle | None:
    """The cycle of the current term, created the first time it is asked for; None without a coordinator."""
    term_ends_on = current_term_end(mesa, today)
    if term_ends_on is None:
        return None
    cycle, created = ElectionCycle.objects.get_or_create(mesa=mesa, term_ends_on=term_ends_on)
    if created:
        record(AuditEvent.Action.CREATE, obj=cycle, mesa=mesa, after=snapshot(cycle))
    return cycle


def _lock(cycle: ElectionCycle) -> ElectionCycle:
    return ElectionCycle.objects.select_for_update().select_related("mesa").get(pk=cycle.pk)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _current_citizen(membership: Membership | None, mesa: Mesa) -> bool:
    return (
        membership is not None
        and membership.mesa_id == mesa.pk
        and membership.kind == Membership.Kind.CITIZEN
        and membership.is_current()
    )


# --- candidacies -------------------------------------------------------------------------------


@transaction.atomic
def submit_candidacy(
    *,
    cycle: ElectionCycle,
    membership: Membership | None,
    letter_text: str = "",
    letter_file: Any = None,
    by: Any,
    request: Any = None,
) -> Candidacy:
    """Record a citizen member's letter for the vacant alternate seat, inside the window only (Cuadro 5).

    The member sends it, or the technical secretary records one received by e-mail. The
    letter is text, a PDF, or both; the secretary is told at once.
    """
    cycle = _lock(cycle)
    mesa = cycle.mesa
    today = mesa.today()
    if cycle.status != ElectionCycle.Status.OPEN:
        raise ValidationError(_("These elections are over."))
    if not rules.candidacy_is_open(mesa, cycle.term_ends_on, today):
        first, last = rules.candidacy_window(mesa, cycle.term_ends_on)
        raise ValidationError(
            _(
                "Candidacies for the alternate coordinator seat are received from %(first)s to %(last)s only. "
                "Today is outside that window."
            )
            % {"first": _date(first), "last": _date(last)}
        )
    errors: dict[str, str] = {}
    if membership is None:
        errors["member"] = _("Name the citizen member who stands.")
    else:
        membership = Membership.objects.select_related("user", "mesa").get(pk=membership.pk)
        if not _current_citizen(membership, mesa):
            errors["member"] = _("Only an active citizen member of the Mesa may stand.")
        elif any(o.membership_id == membership.pk for o in current_alternates(mesa, today)):
            errors["member"] = _("This member already holds an alternate coordinator seat.")
        elif Candidacy.objects.filter(cycle=cycle, membership=membership, seat=Seat.ALTERNATE).exists():
            errors["member"] = _("This member has already submitted a candidacy in these elections.")
    letter_text = (letter_text or "").strip()
    inspected = None
    if letter_file:
        try:
            inspected = inspect_upload(letter_file)
        except ValidationError as exc:
            errors["letter_file"] = " ".join(exc.messages)
        else:
            if inspected.content_type != PDF:
                errors["letter_file"] = _("Send the letter as a PDF file.")
    if not letter_text and not letter_file:
        errors["letter_text"] = _("Write the letter, or attach it as a PDF.")
    if errors or membership is None:
        raise ValidationError(errors)
    candidacy = Candidacy(
        cycle=cycle,
        membership=membership,
        seat=Seat.ALTERNATE,
        letter_text=letter_text,
        submitted_on=today,
        recorded_by=getattr(by, "membership", None),
    )
    if inspected is not None:
        candidacy.letter_name = inspected.name
        candidacy.letter_file.save(inspected.name, inspected.upload, save=False)
    candidacy.full_clean()
    candidacy.save()
    record(
        AuditEvent.Action.CREATE,
        obj=candidacy,
        actor=by,
        mesa=mesa,
        after=_candidacy_snapshot(candidacy),
        request=request,
    )
    notices.candidacy_received(candidacy)
    return candidacy


def _coordinator_votes(cycle: ElectionCycle) -> Any:
    return ElectionVote.objects.filter(cycle=cycle, seat=Seat.COORDINATOR)


@transaction.atomic
def stand_for_reelection(
    *, mesa: Mesa, membership: Membership, letter_text: str = "", by: Any, request: Any = None
) -> Candidacy:
    """The outgoing coordinator stands again, alongside the alternates, before the coordinator vote opens."""
    office = coordinator_office(mesa)
    if office is None or office.membership_id != membership.pk:
        raise ValidationError(_("Only the coordinator in office may stand for re-election."))
    cycle = ensure_cycle(mesa)
    assert cycle is not None  # noqa: S101 - there is a coordinator, so there is a term
    cycle = _lock(cycle)
    if _coordinator_votes(cycle).exists():
        raise ValidationError(_("The vote for the incoming coordinator has opened: it is too late to stand."))
    if Candidacy.objects.filter(cycle=cycle, membership=membership, seat=Seat.COORDINATOR).exists():
        raise ValidationError(_("You already stand for re-election."))
    candidacy = Candidacy(
        cycle=cycle,
        membership=membership,
        seat=Seat.COORDINATOR,
        letter_text=(letter_text or "").strip(),
        submitted_on=mesa.today(),
        recorded_by=membership,
    )
    candidacy.full_clean()
    candidacy.save()
    record(
        AuditEvent.Action.CREATE,
        obj=candidacy,
        actor=by,
        mesa=mesa,
        after=_candidacy_snapshot(candidacy),
        request=request,
    )
    return candidacy


@transaction.atomic
def forward_candidacies(*, cycle: ElectionCycle, by: Any = None, request: Any = None) -> int:
    """Send every candidacy for the alternate seat not forwarded yet to all citizen members; return how many."""
    cycle = _lock(cycle)
    pending = list(
        Candidacy.objects.filter(cycle=cycle, seat=Seat.ALTERNATE, forwarded_at__isnull=True)
        .select_related("membership__user", "cycle__mesa")
        .order_by("submitted_on", "pk")
    )
    if not pending:
        return 0
    members = notices.citizen_members(cycle.mesa)
    now = timezone.now()
    for candidacy in pending:
        notices.candidacy_forwarded(candidacy, members)
        before = _candidacy_snapshot(candidacy)
        candidacy.forwarded_at = now
        candidacy.save(update_fields=["forwarded_at", "updated_at"])
        record(
            AuditEvent.Action.UPDATE,
            obj=candidacy,
            actor=by,
            mesa=cycle.mesa,
            before=before,
            after=_candidacy_snapshot(candidacy),
            request=request,
        )
    return len(pending)


# --- who stands ----------------------------------------------------------------------------------


def coordinator_candidates(cycle: ElectionCycle, today: dt.date) -> list[Membership]:
    """The alternates in office, and the coordinator when standing again; by name, as on the ballot."""
    mesa = cycle.mesa
    people = {o.membership_id: o.membership for o in current_alternates(mesa, today)}
    office = coordinator_office(mesa, today)
    if (
        office is not None
        and Candidacy.objects.filter(cycle=cycle, membership=office.membership, seat=Seat.COORDINATOR).exists()
    ):
        people[office.membership_id] = office.membership
    return sorted((m for m in people.values() if _current_citizen(m, mesa)), key=lambda m: (m.user.full_name, m.pk))


def coordinator_elect(cycle: ElectionCycle) -> Membership | None:
    election = _coordinator_votes(cycle).filter(elected__isnull=False).select_related("elected__user").last()
    return election.elected if election is not None else None


def alternate_seats_open(cycle: ElectionCycle, today: dt.date) -> int:
    """Alternate seats this cycle still has to fill, given who stays and who has been elected already."""
    elect = coordinator_elect(cycle)
    staying = [o for o in current_alternates(cycle.mesa, today) if elect is None or o.membership_id != elect.pk]
    elected = ElectionVote.objects.filter(
        cycle=cycle, seat=Seat.ALTERNATE, elected__isnull=False, office__isnull=True
    ).count()
    return rules.alternate_seats_open(staying=len(staying), elected=elected)


def alternate_candidates(cycle: ElectionCycle, today: dt.date) -> list[Membership]:
    """Those who sent a letter for the alternate seat and may still take it, by name."""
    mesa = cycle.mesa
    elect = coordinator_elect(cycle)
    excluded = {o.membership_id for o in current_alternates(mesa, today)}
    excluded.update(
        ElectionVote.objects.filter(cycle=cycle, elected__isnull=False).values_list("elected_id", flat=True)
    )
    if elect is not None:
        excluded.add(elect.pk)
    people = [
        c.membership
        for c in Candidacy.objects.filter(cycle=cycle, seat=Seat.ALTERNATE).select_related(
            "membership__user", "membership__mesa"
        )
        if c.membership_id not in excluded and _current_citizen(c.membership, mesa)
    ]
    return sorted(people, key=lambda m: (m.user.full_name, m.pk))


# --- opening the votes ------------------------------------------------------------------------------


def _question(seat: str, cycle: ElectionCycle, round_: int) -> str:
    # The question is data of the Mesa, kept in the language its members speak.
    with translation.override(settings.LANGUAGE_CODE):
        date = formats.date_format(cycle.term_ends_on, "SHORT_DATE_FORMAT")
        if seat == Seat.COORDINATOR:
            text = _("Incoming coordinator for the term starting %(date)s") % {"date": date}
        else:
            text = _("Alternate coordinator for the term starting %(date)s") % {"date": date}
        if round_ > 1:
            text = _("%(question)s (round %(round)s)") % {"question": text, "round": round_}
    return str(text)


def _open(
    cycle: ElectionCycle,
    seat: str,
    candidates: list[Membership],
    *,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    previous: ElectionVote | None = None,
    by: Any = None,
    request: Any = None,
) -> ElectionVote:
    round_ = previous.round + 1 if previous is not None else 1
    vote = vote_services.open_vote(
        mesa=cycle.mesa,
        kind=Vote.Kind.ELECTION,
        question=_question(seat, cycle, round_),
        options=vote_services.candidates(candidates),
        opens_at=opens_at,
        closes_at=closes_at,
        previous=previous.vote if previous is not None else None,
        by=by,
        request=request,
    )
    election = ElectionVote(cycle=cycle, seat=seat, vote=vote, round=round_, previous=previous)
    election.full_clean()
    election.save()
    record(AuditEvent.Action.CREATE, obj=election, actor=by, mesa=cycle.mesa, after=snapshot(election), request=request)
    return election


def _settle(cycle: ElectionCycle, now: dt.datetime) -> None:
    """Record the close of any vote of the cycle past its deadline (the engine's close is idempotent)."""
    for election in ElectionVote.objects.filter(cycle=cycle, outcome="").select_related("vote"):
        if election.vote.reads_closed(now):
            vote_services.close_vote(election.vote, now=now)


def _awaits_committee(cycle: ElectionCycle, seat: str) -> bool:
    """A vote for the seat elected nobody and the Executive Committee has not opened another round."""
    return (
        ElectionVote.objects.filter(cycle=cycle, seat=seat, next_round__isnull=True)
        .exclude(outcome__in=["", vote_rules.ELECTED])
        .exists()
    )


def _open_vote_for(cycle: ElectionCycle, seat: str) -> bool:
    return ElectionVote.objects.filter(cycle=cycle, seat=seat, outcome="").exists()


def open_due_votes(
    cycle: ElectionCycle, *, now: dt.datetime | None = None, by: Any = None, request: Any = None
) -> list[ElectionVote]:
    """Open the votes of the cycle that are due today; idempotent (what is open is not opened again).

    The coordinator vote from 30 days before the term ends, among the candidates of
    `coordinator_candidates`; the alternate vote from 15 days before, while a seat is open and
    someone stands for it — one seat per vote, so a second vacant seat gets the next vote.
    After a vote that elected nobody, only the Executive Committee opens another round.
    """
    now = now or timezone.now()
    if not vote_services.eligible_electors(cycle.mesa, vote_rules.ELECTION):
        return []
    with transaction.atomic():
        _settle(_lock(cycle), now)
    with transaction.atomic():
        cycle = _lock(cycle)
        mesa = cycle.mesa
        today = timezone.localdate(now, timezone=mesa.tzinfo)
        opened: list[ElectionVote] = []
        if cycle.status != ElectionCycle.Status.OPEN:
            return opened
        # It opens when the job runs and closes at midnight, the Mesa's window later.
        opens_at, closes_at = now, rules.vote_window(mesa, today)[1]
        if (
            today >= rules.coordinator_vote_opens_on(mesa, cycle.term_ends_on)
            and not _coordinator_votes(cycle).exists()
        ):
            people = coordinator_candidates(cycle, today)
            if people:
                opened.append(
                    _open(
                        cycle, Seat.COORDINATOR, people, opens_at=opens_at, closes_at=closes_at, by=by, request=request
                    )
                )
        if (
            today >= rules.alternate_vote_opens_on(mesa, cycle.term_ends_on)
            and not _open_vote_for(cycle, Seat.ALTERNATE)
            and not _awaits_committee(cycle, Seat.ALTERNATE)
            and alternate_seats_open(cycle, today) > 0
        ):
            people = alternate_candidates(cycle, today)
            if people:
                forward_candidacies(cycle=cycle, by=by, request=request)
                opened.append(
                    _open(cycle, Seat.ALTERNATE, people, opens_at=opens_at, closes_at=closes_at, by=by, request=request)
                )
    return opened


def run_due(now: dt.datetime | None = None) -> dict[str, int]:
    """What the daily job does for every Mesa: its cycle, the votes due, the terms that start."""
    now = now or timezone.now()
    opened = applied = 0
    for mesa in Mesa.objects.filter(offices__kind=Office.Kind.COORDINATOR).distinct():
        try:
            cycle = ensure_cycle(mesa, timezone.localdate(now, timezone=mesa.tzinfo))
            if cycle is not None:
                opened += len(open_due_votes(cycle, now=now))
        except Exception:  # one Mesa's failure must not stop the others; the next run retries
            logger.exception("Could not open the due election votes of %s.", mesa.slug)
    applied = apply_due_terms(now=now)
    return {"opened": opened, "applied": applied}


@transaction.atomic
def open_next_round(
    *, election: ElectionVote, closes_on: dt.date | None = None, by: Any, request: Any = None
) -> ElectionVote:
    """The Executive Committee's further round after a vote that elected nobody (DOMAIN.md §3).

    After "no election", between the two most voted (`rules.two_most_voted`); after a vote
    without quorum, among the same candidates. It opens now and closes at midnight of
    `closes_on` (by default the Mesa's election window).
    """
    cycle = _lock(election.cycle)
    election = ElectionVote.objects.select_for_update().select_related("vote").get(pk=election.pk)
    mesa = cycle.mesa
    now = timezone.now()
    _settle(cycle, now)
    election.refresh_from_db()
    if cycle.status != ElectionCycle.Status.OPEN and election.seat == Seat.COORDINATOR:
        raise ValidationError(_("These elections are over."))
    if not election.outcome:
        raise ValidationError(_("The vote is still open: a further round can only follow its result."))
    if ElectionVote.objects.filter(previous=election).exists():
        raise ValidationError(_("A further round after this vote has already been opened."))
    result = Result.objects.get(vote=election.vote)
    options = list(election.vote.options.select_related("candidate__user", "candidate__mesa"))
    keys = rules.next_round_candidates(result.outcome, result.counts, [o.key for o in options])
    if not keys:
        raise ValidationError(_("This vote elected someone: there is no further round."))
    by_key = {o.key: o.candidate for o in options}
    people = [m for m in (by_key[k] for k in keys) if m is not None and _current_citizen(m, mesa)]
    if not people:
        raise ValidationError(_("None of the candidates of this vote may stand any longer."))
    today = mesa.today()
    closes_at = rules.vote_window(mesa, today)[1]
    if closes_on is not None:
        if closes_on <= today:
            raise ValidationError({"closes_on": _("The round must close after today.")})
        closes_at = dt.datetime.combine(closes_on, dt.time(0, 0), tzinfo=mesa.tzinfo)
    return _open(
        cycle, election.seat, people, opens_at=now, closes_at=closes_at, previous=election, by=by, request=request
    )


# --- results and new terms ------------------------------------------------------------------------


def record_outcome(*, vote: Vote, result: Result) -> ElectionVote | None:
    """Receiver of `vote_closed`: remember what an election decided; called inside the closing transaction.

    Idempotent, and it never touches the vote. The offices change when the term starts
    (`apply_due_terms`), right after this commit when the term has already started.
    """
    election = ElectionVote.objects.select_for_update().select_related("cycle__mesa").filter(vote=vote).first()
    if election is None or election.outcome:
        return election
    before = snapshot(election)
    election.outcome = result.outcome
    winner = result.winner
    election.elected = winner.candidate if result.outcome == vote_rules.ELECTED and winner is not None else None
    election.save(update_fields=["outcome", "elected", "updated_at"])
    mesa = election.cycle.mesa
    record(AuditEvent.Action.UPDATE, obj=election, mesa=mesa, before=before, after=snapshot(election))
    # The engine sends the result to every elector; the secretary and the citizen members who
    # were not electors (admitted since the vote opened) get the summary with the same counts.
    electors = set(Elector.objects.filter(vote=vote).values_list("membership__user_id", flat=True))
    users = {u.pk: u for u in notices.secretaries(mesa)}
    users.update({m.user_id: m.user for m in notices.citizen_members(mesa) if m.user_id not in electors})
    notices.result_summary(election, result, [u for pk, u in users.items() if pk not in electors])
    if election.elected is not None and election.cycle.term_ends_on <= mesa.today():
        transaction.on_commit(lambda: apply_due_terms(mesa=mesa), robust=True)
    return election


def _start_of_term(election: ElectionVote) -> dt.date:
    """The new office starts with the term, or the day the vote closed when it closed after the term ended."""
    mesa = election.cycle.mesa
    closed = election.vote.closed_at or election.vote.closes_at
    return max(election.cycle.term_ends_on, timezone.localdate(closed, timezone=mesa.tzinfo))


def apply_due_terms(today: dt.date | None = None, *, now: dt.datetime | None = None, mesa: Mesa | None = None) -> int:
    """Hand the offices to those elected once their term has started; idempotent. Returns how many.

    The coordinator first (an alternate who becomes coordinator leaves the alternate seat),
    then the alternates, each with `members.services.appoint_office`, which keeps the history.
    Whoever cannot take office (gone since, or no seat free yet) is left for a later run.
    """
    now = now or timezone.now()
    pending = ElectionVote.objects.filter(elected__isnull=False, office__isnull=True)
    if mesa is not None:
        pending = pending.filter(cycle__mesa=mesa)
    applied = 0
    cycle_ids = sorted(set(pending.values_list("cycle_id", flat=True)))
    for cycle in ElectionCycle.objects.filter(pk__in=cycle_ids).select_related("mesa").order_by("term_ends_on"):
        day = today or timezone.localdate(now, timezone=cycle.mesa.tzinfo)
        if cycle.term_ends_on > day:
            continue
        applied += _apply_cycle(cycle, day)
    return applied


def _apply_cycle(cycle: ElectionCycle, today: dt.date) -> int:
    applied = 0
    elections = ElectionVote.objects.filter(cycle=cycle, elected__isnull=False, office__isnull=True).select_related(
        "vote", "elected__user", "cycle__mesa"
    )
    for election in sorted(elections, key=lambda e: (e.seat != Seat.COORDINATOR, e.pk)):
        try:
            with transaction.atomic():
                applied += _take_office(election, today)
        except ValidationError as exc:
            logger.warning("%s cannot take office yet: %s", election, " ".join(exc.messages))
    return applied


def _take_office(election: ElectionVote, today: dt.date) -> int:
    election = (
        ElectionVote.objects.select_for_update(of=("self",))
        .select_related("cycle__mesa", "vote", "elected")
        .get(pk=election.pk)
    )
    if election.office_id is not None or election.elected is None:
        return 0
    cycle = ElectionCycle.objects.select_for_update().select_related("mesa").get(pk=election.cycle_id)
    mesa = cycle.mesa
    starts = _start_of_term(election)
    if election.seat == Seat.COORDINATOR:
        office = appoint_office(
            membership=election.elected,
            kind=Office.Kind.COORDINATOR,
            started_on=starts,
            term_ends_on=rules.next_term_end(cycle.term_ends_on, mesa.coordinator_term_months),
        )
    else:
        office = appoint_office(membership=election.elected, kind=Office.Kind.ALTERNATE, started_on=starts)
    before = snapshot(election)
    election.office = office
    election.save(update_fields=["office", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=election, mesa=mesa, before=before, after=snapshot(election))
    if election.seat == Seat.COORDINATOR and cycle.status == ElectionCycle.Status.OPEN:
        cycle_before = snapshot(cycle)
        cycle.status = ElectionCycle.Status.COMPLETED
        cycle.completed_on = today
        cycle.save(update_fields=["status", "completed_on", "updated_at"])
        record(AuditEvent.Action.UPDATE, obj=cycle, mesa=mesa, before=cycle_before, after=snapshot(cycle))
    notices.took_office(office)
    return 1
