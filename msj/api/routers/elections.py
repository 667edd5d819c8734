"""Elections of the coordinator and the alternates: the term's calendar, candidacies, votes, further rounds.

Every operation goes through the elections' one policy (msj/elections/policies.py): officials
and network staff get 404, as on the web. Input is checked by the web's own forms and every
write goes through msj/elections/services.py.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.api.schemas import MemberRef
from msj.elections import rules, services
from msj.elections.forms import CandidacyForm, NextRoundForm, StandForm
from msj.elections.models import Candidacy, ElectionCycle, ElectionVote, Seat
from msj.elections.policies import election_policy
from msj.members.access import Actor
from msj.members.models import alternate_shortfall

router = Router(tags=["elections"])


class ElectionCalendarOut(Schema):
    term_ends_on: dt.date = Field(description="The last term's end, which is also the first day of the next term.")
    candidacy_first_day: dt.date
    candidacy_last_day: dt.date = Field(description="Both days included, in the Mesa's time zone.")
    coordinator_vote_opens_on: dt.date
    alternate_vote_opens_on: dt.date
    alternate_vote_closes_on: dt.date = Field(description="The vote closes as this day begins.")
    next_term_ends_on: dt.date


class CandidacyOut(Schema):
    public_id: uuid.UUID
    person: MemberRef
    seat: Seat
    letter_text: str
    letter_url: str | None = Field(description="The PDF letter, on the web, when there is one.")
    submitted_on: dt.date
    forwarded_at: dt.datetime | None

    @staticmethod
    def resolve_person(obj: Candidacy) -> Any:
        return obj.membership

    @staticmethod
    def resolve_letter_url(obj: Candidacy) -> str | None:
        if not obj.letter_file:
            return None
        return reverse("elections:letter", kwargs={"mesa_slug": obj.cycle.mesa.slug, "public_id": obj.public_id})


class ElectionCountOut(Schema):
    option: str
    ballots: int


class ElectionVoteOut(Schema):
    public_id: uuid.UUID
    seat: Seat
    round: int
    vote: uuid.UUID = Field(description="The vote of the engine: cast and verify at /votes/.")
    question: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    open: bool = Field(description="Whether ballots are taken now (a vote reads closed from its deadline).")
    outcome: str = Field(description="Empty while open; then elected, no_election or invalid.")
    elected: MemberRef | None
    in_office_since: dt.date | None
    counts: list[ElectionCountOut] | None = Field(description="Ballots per candidate (and blank) once closed.")

    @staticmethod
    def resolve_vote(obj: ElectionVote) -> uuid.UUID:
        return obj.vote.public_id

    @staticmethod
    def resolve_question(obj: ElectionVote) -> str:
        return obj.vote.question

    @staticmethod
    def resolve_opens_at(obj: ElectionVote) -> dt.datetime:
        return obj.vote.opens_at

    @staticmethod
    def resolve_closes_at(obj: ElectionVote) -> dt.datetime:
        return obj.vote.closes_at

    @staticmethod
    def resolve_open(obj: ElectionVote) -> bool:
        return obj.vote.is_open(timezone.now())

    @staticmethod
    def resolve_in_office_since(obj: ElectionVote) -> dt.date | None:
        return obj.office.started_on if obj.office is not None else None

    @staticmethod
    def resolve_counts(obj: ElectionVote) -> list[dict[str, Any]] | None:
        result = getattr(obj.vote, "result", None)
        if result is None:
            return None
        return [{"option": o.label, "ballots": result.counts.get(o.key, 0)} for o in obj.vote.options.all()]


class ElectionCycleOut(Schema):
    public_id: uuid.UUID
    term_ends_on: dt.date
    status: ElectionCycle.Status
    calendar: ElectionCalendarOut
    candidacies: list[CandidacyOut]
    votes: list[ElectionVoteOut]

    @staticmethod
    def resolve_calendar(obj: ElectionCycle) -> Any:
        return services.calendar_for(obj.mesa, obj.term_ends_on)

    @staticmethod
    def resolve_candidacies(obj: ElectionCycle) -> Any:
        return obj.candidacies.select_related("membership__user", "cycle__mesa").order_by("seat", "submitted_on", "pk")

    @staticmethod
    def resolve_votes(obj: ElectionCycle) -> Any:
        return (
            ElectionVote.objects.filter(cycle=obj)
            .select_related("vote__result", "elected__user", "office")
            .order_by("seat", "round", "pk")
        )


class ElectionsOut(Schema):
    coordinator: MemberRef | None
    term_ends_on: dt.date | None
    alternates: list[MemberRef]
    empty_alternate_seats: int = Field(description="Above zero, the Mesa lacks the two alternates it must have.")
    candidacy_open: bool = Field(description="Whether candidacies for the alternate seat are taken today.")
    calendar: ElectionCalendarOut | None
    current_cycle: ElectionCycleOut | None
    cycles: list[uuid.UUID] = Field(description="Every election cycle of the Mesa, the latest term first.")


class CandidacyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    letter_text: str = Field(max_length=20000)
    member: uuid.UUID | None = Field(
        None, description="For the technical secretary only: the citizen member whose letter was received."
    )


class StandForReelectionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    letter_text: str = Field("", max_length=20000)


class ElectionNextRoundIn(Schema):
    model_config = ConfigDict(extra="forbid")

    closes_on: dt.date | None = Field(
        None, description="The round closes as this day begins; by default the Mesa's window."
    )


class CandidaciesForwardedOut(Schema):
    forwarded: int = Field(description="Candidacies sent now; those forwarded before are not sent again.")


class ElectionVotesOpenedOut(Schema):
    opened: list[ElectionVoteOut]


def _get_cycle(actor: Actor, public_id: uuid.UUID, action: str = "view") -> ElectionCycle:
    election_policy.require(actor, "view")
    cycle: ElectionCycle = election_policy.get(actor, ElectionCycle.objects.select_related("mesa"), public_id)
    election_policy.require(actor, action, cycle)
    return cycle


def _election(pk: int) -> ElectionVote:
    return ElectionVote.objects.select_related("vote__result", "elected__user", "office").get(pk=pk)


@router.get("/mesas/{slug}/elections", response=ElectionsOut, summary="The elections of the Mesa", url_name="elections")
def get_elections(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The coordinator's term and its election calendar (DOMAIN.md §3), the alternates in office, with a
    warning when fewer than two, and the cycle of the current term once it exists."""
    actor = mesa_actor(request, slug)
    election_policy.require(actor, "view")
    mesa = actor.mesa
    today = mesa.today()
    office = services.coordinator_office(mesa, today)
    term_ends_on = services.current_term_end(mesa, today)
    alternates = services.current_alternates(mesa, today)
    return {
        "coordinator": office.membership if office else None,
        "term_ends_on": term_ends_on,
        "alternates": [a.membership for a in alternates],
        "empty_alternate_seats": alternate_shortfall(len(alternates)),
        "candidacy_open": term_ends_on is not None and rules.candidacy_is_open(mesa, term_ends_on, today),
        "calendar": services.calendar_for(mesa, term_ends_on) if term_ends_on else None,
        "current_cycle": services.current_cycle(mesa, today),
        "cycles": list(
            election_policy.visible(actor, ElectionCycle.objects.all())
            .order_by("-term_ends_on")
            .values_list("public_id", flat=True)
        ),
    }


@router.get(
    "/mesas/{slug}/elections/cycles/{uuid:public_id}",
    response=ElectionCycleOut,
    summary="Get an election cycle",
    url_name="election_cycle",
)
def get_cycle(request: HttpRequest, slug: str, public_id: uuid.UUID) -> ElectionCycle:
    """One term's elections: the calendar, the candidacies and every vote with its counts once closed."""
    return _get_cycle(mesa_actor(request, slug), public_id)


@router.post(
    "/mesas/{slug}/elections/candidacies",
    response={201: CandidacyOut},
    summary="Submit a candidacy for the alternate seat",
    url_name="election_candidacy",
)
def submit_candidacy(request: HttpRequest, slug: str, payload: CandidacyIn) -> Status[Candidacy]:
    """A citizen member's letter for the vacant alternate coordinator seat, inside the candidacy window
    only (30 to 15 days before the term ends); the technical secretary records one received by e-mail
    by naming the `member`. Outside the window the answer is 422 with the window's dates."""
    actor = mesa_actor(request, slug)
    election_policy.require(actor, "submit_candidacy")
    on_behalf = election_policy.can(actor, "record_for_others")
    mesa = actor.mesa
    data = valid(CandidacyForm(form_data(payload.model_dump()), mesa=mesa, on_behalf=on_behalf))
    cycle = services.ensure_cycle(mesa)
    if cycle is None:
        raise ValidationError(_("The Mesa has no coordinator in office, so no term to elect for."))
    candidacy = services.submit_candidacy(
        cycle=cycle,
        membership=data["member"] if on_behalf else actor.membership,
        letter_text=data["letter_text"],
        by=actor,
        request=request,
    )
    return Status(201, candidacy)


@router.post(
    "/mesas/{slug}/elections/stand",
    response={201: CandidacyOut},
    summary="Stand for re-election as coordinator",
    url_name="election_stand",
)
def stand(request: HttpRequest, slug: str, payload: StandForReelectionIn) -> Status[Candidacy]:
    """The coordinator in office stands again, on the ballot with the alternates; only before the
    coordinator vote opens (422 after)."""
    actor = mesa_actor(request, slug)
    election_policy.require(actor, "stand")
    data = valid(StandForm(form_data(payload.model_dump())))
    assert actor.membership is not None  # noqa: S101 - the policy admits members only
    candidacy = services.stand_for_reelection(
        mesa=actor.mesa, membership=actor.membership, letter_text=data["letter_text"], by=actor, request=request
    )
    return Status(201, candidacy)


@router.post(
    "/mesas/{slug}/elections/cycles/{uuid:public_id}/forward",
    response=CandidaciesForwardedOut,
    summary="Forward the candidacies to the citizen members",
    url_name="election_forward",
)
def forward(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, int]:
    """The technical secretary e-mails every candidacy not yet forwarded to all citizen members."""
    actor = mesa_actor(request, slug)
    cycle = _get_cycle(actor, public_id, "forward")
    return {"forwarded": services.forward_candidacies(cycle=cycle, by=actor, request=request)}


@router.post(
    "/mesas/{slug}/elections/cycles/{uuid:public_id}/open-due",
    response=ElectionVotesOpenedOut,
    summary="Open the election votes due today",
    url_name="election_open_due",
)
def open_due(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """Open now what the daily job would open today (the technical secretary or the Executive Committee):
    the coordinator vote from 30 days before the term ends, the alternate vote from 15 days before.
    Nothing due opens nothing."""
    actor = mesa_actor(request, slug)
    cycle = _get_cycle(actor, public_id, "open_due")
    opened = services.open_due_votes(cycle, by=actor, request=request)
    return {"opened": [_election(e.pk) for e in opened]}


@router.post(
    "/mesas/{slug}/elections/votes/{uuid:public_id}/next-round",
    response={201: ElectionVoteOut},
    summary="Open a further round",
    url_name="election_next_round",
)
def next_round(
    request: HttpRequest, slug: str, public_id: uuid.UUID, payload: ElectionNextRoundIn
) -> Status[ElectionVote]:
    """The Executive Committee's further round after a vote that elected nobody: between the two most
    voted after "no election", with the same candidates after a vote without quorum."""
    actor = mesa_actor(request, slug)
    election_policy.require(actor, "view")
    visible = election_policy.visible(actor, ElectionCycle.objects.all())
    election = ElectionVote.objects.filter(cycle__in=visible, public_id=public_id).select_related("cycle__mesa").first()
    if election is None:
        raise Http404
    election_policy.require(actor, "next_round", election.cycle)
    data = valid(NextRoundForm(form_data(payload.model_dump())))
    new = services.open_next_round(election=election, closes_on=data["closes_on"], by=actor, request=request)
    return Status(201, _election(new.pk))
