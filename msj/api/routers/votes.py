"""Votes: the list, one vote with its count and (for those who may) its nominal ballots, casting,
closing, review and verification — the same policy and services as the web (msj/votes)."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from msj.api.access import mesa_actor
from msj.api.problems import Problem, field_error, form_errors
from msj.members.access import Actor
from msj.votes import imports, services
from msj.votes.import_views import IMPORTABLE_KINDS, ImportForm
from msj.votes.models import Ballot, Elector, Review, Vote
from msj.votes.policies import vote_policy
from msj.votes.verify import verify_vote

router = Router(tags=["votes"])


class VoteOptionOut(Schema):
    key: str
    label: str


class VoteResultOut(Schema):
    valid: bool
    outcome: str = Field(description="invalid, admitted, rejected, elected, no_election or approved.")
    winner: str | None = Field(description="The key of the elected candidate's option.")
    counts: dict[str, int] = Field(description="Ballots per option key.")
    electorate_size: int
    ballots_cast: int
    ledger_hash: str = Field(description="The head of the vote's hash chain when the result was recorded.")
    receipts: list[str] = Field(description="Every receipt in the count.")


class OwnBallotOut(Schema):
    option: str
    channel: str
    cast_at: dt.datetime
    receipt: str


class NominalBallotOut(Schema):
    elector: str
    email: str
    option: str | None
    channel: str | None
    cast_at: dt.datetime | None


class VoteOut(Schema):
    public_id: uuid.UUID
    kind: Vote.Kind
    question: str
    round: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    is_open: bool = Field(
        description="Whether ballots are taken now; false from the deadline on, whatever is recorded."
    )
    closed: bool = Field(description="Whether the close and the result have been recorded.")
    electorate_size: int
    ballots_cast: int
    rule: dict[str, Any] = Field(description="The rule the vote is counted under, frozen when it opened.")


class VoteDetailOut(VoteOut):
    options: list[VoteOptionOut]
    elector: bool = Field(description="Whether the caller is in the electorate.")
    my_ballot: OwnBallotOut | None
    result: VoteResultOut | None
    ballots: list[NominalBallotOut] | None = Field(
        description="Who voted what: for the technical secretary and the Executive Committee only."
    )


class BallotIn(Schema):
    option: str = Field(description="The key of one of the vote's options (for, against, blank, c1…).")


class ReceiptOut(Schema):
    receipt: str
    secret: str = Field(description="Shown once: it proves the receipt is the caller's. It is not stored.")
    option: str
    cast_at: dt.datetime


class VoteReviewIn(Schema):
    reason: str


class VoteReviewOut(Schema):
    public_id: uuid.UUID
    requested_at: dt.datetime
    counts: dict[str, int]
    outcome: str
    matches: bool
    chain_intact: bool
    problems: list[str]


class VerificationOut(Schema):
    ok: bool
    chain_intact: bool
    result_matches: bool
    entries: int
    recount: dict[str, int]
    problems: list[str]


def _out(vote: Vote) -> dict[str, Any]:
    return {
        "public_id": vote.public_id,
        "kind": vote.kind,
        "question": vote.question,
        "round": vote.round,
        "opens_at": vote.opens_at,
        "closes_at": vote.closes_at,
        "is_open": vote.is_open(timezone.now()),
        "closed": vote.status == Vote.Status.CLOSED,
        "electorate_size": vote.electorate_size,
        "ballots_cast": vote.ballots_cast,
        "rule": vote.rule,
    }


def _get(actor: Actor, public_id: uuid.UUID) -> Vote:
    return vote_policy.get(actor, Vote.objects.select_related("mesa"), public_id)


def _detail(actor: Actor, vote: Vote) -> dict[str, Any]:
    elector = services.elector_for(vote, actor.user)
    own = Ballot.objects.filter(elector=elector).select_related("option").first() if elector else None
    result = None
    if vote.status == Vote.Status.CLOSED:
        stored = vote.result
        result = {
            "valid": stored.valid,
            "outcome": stored.outcome,
            "winner": stored.winner.key if stored.winner else None,
            "counts": stored.counts,
            "electorate_size": stored.electorate_size,
            "ballots_cast": stored.ballots_cast,
            "ledger_hash": stored.ledger_hash,
            "receipts": sorted(Ballot.objects.filter(vote=vote).values_list("receipt", flat=True)),
        }
    ballots = None
    if vote_policy.can(actor, "see_ballots", vote):
        ballots = [
            {
                "elector": e.name,
                "email": e.email,
                "option": e.ballot.option.key if hasattr(e, "ballot") else None,
                "channel": e.ballot.channel if hasattr(e, "ballot") else None,
                "cast_at": e.ballot.cast_at if hasattr(e, "ballot") else None,
            }
            for e in Elector.objects.filter(vote=vote).select_related("ballot__option").order_by("name")
        ]
    return {
        **_out(vote),
        "options": [{"key": o.key, "label": o.label} for o in vote.options.all()],
        "elector": elector is not None,
        "my_ballot": (
            {"option": own.option.key, "channel": own.channel, "cast_at": own.cast_at, "receipt": own.receipt}
            if own
            else None
        ),
        "result": result,
        "ballots": ballots,
    }


@router.get("/mesas/{slug}/votes", response=list[VoteOut], summary="List votes", url_name="votes")
def list_votes(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The votes the caller may see: membership votes for citizen members, the Executive
    Committee and the secretary; the committee's own decisions for the committee and the
    secretary. Officials see none (404)."""
    actor = mesa_actor(request, slug)
    vote_policy.require(actor, "view")
    return [_out(v) for v in vote_policy.visible(actor, Vote.objects.all())]


@router.get("/mesas/{slug}/votes/{uuid:public_id}", response=VoteDetailOut, summary="Read a vote", url_name="vote")
def get_vote(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """A vote, the caller's own ballot and receipt, the result once recorded, and the nominal
    ballots for the technical secretary and the Executive Committee."""
    actor = mesa_actor(request, slug)
    return _detail(actor, _get(actor, public_id))


@router.post(
    "/mesas/{slug}/votes/{uuid:public_id}/ballot",
    response={201: ReceiptOut},
    summary="Cast the caller's ballot",
    url_name="vote_ballot",
)
def cast_ballot(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: BallotIn) -> Status[dict[str, Any]]:
    """Cast the caller's one ballot. The first ballot is final; a vote past its deadline refuses it."""
    actor = mesa_actor(request, slug)
    vote = _get(actor, public_id)
    receipt = services.cast_in_app(vote=vote, user=actor.user, option_key=payload.option)
    return Status(
        201,
        {
            "receipt": receipt.ballot.receipt,
            "secret": receipt.secret,
            "option": receipt.ballot.option.key,
            "cast_at": receipt.ballot.cast_at,
        },
    )


@router.post(
    "/mesas/{slug}/votes/{uuid:public_id}/close",
    response=VoteDetailOut,
    summary="Record the close of a vote past its deadline",
    url_name="vote_close",
)
def close_vote(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """Record the close and the result once the deadline passed (a job does it too; closing twice
    changes nothing). For the technical secretary and the coordinator."""
    actor = mesa_actor(request, slug)
    vote = _get(actor, public_id)
    vote_policy.require(actor, "close", vote)
    services.close_vote(vote)
    return _detail(actor, Vote.objects.get(pk=vote.pk))


@router.post(
    "/mesas/{slug}/votes/{uuid:public_id}/reviews",
    response={201: VoteReviewOut},
    summary="Request a review of the count",
    url_name="vote_reviews",
)
def request_review(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: VoteReviewIn) -> Status[Review]:
    """A citizen member's review of a closed vote: an independent recount and check of the ledger,
    kept as a new record; the result itself never changes."""
    actor = mesa_actor(request, slug)
    vote = _get(actor, public_id)
    vote_policy.require(actor, "review", vote)
    assert actor.membership is not None  # noqa: S101 - the policy admits members only
    review = services.request_review(vote=vote, membership=actor.membership, reason=payload.reason, request=request)
    return Status(201, review)


@router.get(
    "/mesas/{slug}/votes/{uuid:public_id}/verification",
    response=VerificationOut,
    summary="Verify a vote's ledger and count",
    url_name="vote_verification",
)
def verify(request: HttpRequest, slug: str, public_id: uuid.UUID) -> dict[str, Any]:
    """Recompute the hash chain, the ballots and the result from the stored rows, independently of
    the counting code, and list any difference."""
    actor = mesa_actor(request, slug)
    report = verify_vote(_get(actor, public_id))
    return {
        "ok": report.ok,
        "chain_intact": report.chain_intact,
        "result_matches": report.result_matches,
        "entries": report.entries,
        "recount": report.recount,
        "problems": report.problems,
    }


class ImportedMessageOut(Schema):
    file: str
    number: int = Field(description="The message's place in its file, from 1.")
    sender: str
    sent_at: dt.datetime | None
    subject: str
    elector: str
    option: str
    accepted: bool
    duplicate: bool = Field(description="Already imported before: neither counted again nor an error.")
    reason: str = Field(description="Why the message was not accepted, in the caller's language; empty if accepted.")


class ImportReportOut(Schema):
    counts: dict[str, int]
    refused_files: list[str] = Field(description="Files that could not be read at all, each with the reason.")
    messages: list[ImportedMessageOut]


@router.post(
    "/mesas/{slug}/votes/{uuid:public_id}/imports",
    response=ImportReportOut,
    summary="Import ballots e-mailed to the technical secretary",
    url_name="vote_imports",
)
def import_ballots(
    request: HttpRequest, slug: str, public_id: uuid.UUID, ballot_files: File[list[UploadedFile]]
) -> dict[str, Any]:
    """Cast the ballots members e-mailed in the bylaws' wording, from `.eml` or `.mbox` files sent
    as `multipart/form-data` (one `ballot_files` part per file), as on the web page.

    Each message counts only from an elector's registered address, dated inside the window, while
    the vote is open; every message not accepted is listed with its reason. For the technical
    secretary, on admission and election votes.
    """
    actor = mesa_actor(request, slug)
    vote = _get(actor, public_id)
    vote_policy.require(actor, "import", vote)
    if vote.kind not in IMPORTABLE_KINDS:
        raise Problem(
            422,
            errors=[
                field_error(None, _("Only admission and election ballots have a wording in the bylaws to import."))
            ],
        )
    files = request.FILES.copy()
    files.setlist("ballot_files", ballot_files)  # type: ignore[arg-type]
    form = ImportForm({}, files)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors))
    uploads = []
    for upload in form.cleaned_data["ballot_files"]:
        upload.seek(0)
        uploads.append(
            imports.Upload(name=upload.name, data=b"".join(upload.chunks()), content_type=upload.content_type or "")
        )
    report = imports.import_ballots(vote=vote, uploads=uploads, by=actor, request=request)
    return {
        "counts": report.counts(),
        "refused_files": report.refused_files,
        "messages": [
            {
                "file": o.file,
                "number": o.number,
                "sender": o.sender,
                "sent_at": o.sent_at,
                "subject": o.subject,
                "elector": o.elector,
                "option": o.option,
                "accepted": o.accepted,
                "duplicate": o.duplicate,
                "reason": o.reason_text,
            }
            for o in report.outcomes
        ],
    }
