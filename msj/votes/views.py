"""A vote's pages: the list, the vote (ballot, count, receipts, ledger), casting, closing, review."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.services import record_export
from msj.core.export import safe_cell
from msj.members.access import mesa_view
from msj.votes import services
from msj.votes.models import Ballot, Elector, LedgerEntry, Vote
from msj.votes.notices import result_rows
from msj.votes.policies import vote_policy
from msj.votes.verify import verify_vote


def _get_vote(request: HttpRequest, public_id: Any) -> Vote:
    actor = request.actor  # type: ignore[attr-defined]
    return vote_policy.get(actor, Vote.objects.select_related("mesa"), public_id)


def _to_vote(request: HttpRequest, vote: Vote) -> HttpResponse:
    return redirect("votes:detail", mesa_slug=request.mesa.slug, public_id=vote.public_id)  # type: ignore[attr-defined]


@mesa_view
@require_GET
def vote_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if not vote_policy.can(actor, "view"):
        raise Http404
    votes = list(vote_policy.visible(actor, Vote.objects.all()).select_related("result__winner"))
    now = timezone.now()
    return render(
        request,
        "votes/list.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "open_votes": [v for v in votes if v.is_open(now)],
            "closed_votes": [v for v in votes if not v.is_open(now)],
            "may_import": vote_policy.can(actor, "import"),
        },
    )


@mesa_view
@require_GET
def vote_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    vote = _get_vote(request, public_id)
    now = timezone.now()
    elector = services.elector_for(vote, request.user)
    own_ballot = Ballot.objects.filter(elector=elector).select_related("option").first() if elector else None
    result = getattr(vote, "result", None) if vote.status == Vote.Status.CLOSED else None
    sees_ballots = vote_policy.can(actor, "see_ballots", vote)
    electors = (
        list(Elector.objects.filter(vote=vote).select_related("ballot__option").order_by("name"))
        if sees_ballots
        else []
    )
    receipts = sorted(Ballot.objects.filter(vote=vote).values_list("receipt", flat=True)) if result else []
    return render(
        request,
        "votes/detail.html",
        {
            "mesa": request.mesa,  # type: ignore[attr-defined]
            "vote": vote,
            "is_open": vote.is_open(now),
            "elector": elector,
            "own_ballot": own_ballot,
            "result": result,
            "rows": result_rows(vote, result) if result else [],
            "options": list(vote.options.all()),
            "sees_ballots": sees_ballots,
            "electors": electors,
            "receipts": receipts,
            "own_receipt_counted": bool(own_ballot and own_ballot.receipt in receipts),
            "may_close": vote_policy.can(actor, "close", vote)
            and vote.status == Vote.Status.OPEN
            and not vote.is_open(now),
            "may_review": vote_policy.can(actor, "review", vote) and result is not None,
            "reviews": list(vote.reviews.select_related("requested_by__user")),
            "ledger": list(LedgerEntry.objects.filter(vote=vote).order_by("seq").only("seq", "event", "at", "hash")),
        },
    )


@mesa_view
@require_POST
def cast(request: HttpRequest, public_id: Any) -> HttpResponse:
    vote = _get_vote(request, public_id)
    try:
        receipt = services.cast_in_app(vote=vote, user=request.user, option_key=request.POST.get("option", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_vote(request, vote)
    # The secret is shown once, here and in the receipt e-mail; it is never stored.
    return render(request, "votes/receipt.html", {"mesa": vote.mesa, "vote": vote, "receipt": receipt})


@mesa_view
@require_POST
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    vote = _get_vote(request, public_id)
    vote_policy.require(actor, "close", vote)
    try:
        services.close_vote(vote)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The vote is closed and its result published to the electorate."))
    return _to_vote(request, vote)


@mesa_view
@require_POST
def review(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    vote = _get_vote(request, public_id)
    vote_policy.require(actor, "review", vote)
    try:
        done = services.request_review(
            vote=vote, membership=actor.membership, reason=request.POST.get("reason", ""), request=request
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if done.matches and done.chain_intact:
            messages.success(request, _("Review recorded: the recount matches the result and the ledger is intact."))
        else:
            messages.warning(request, _("Review recorded: the recount found problems. They are listed on this page."))
    return _to_vote(request, vote)


@mesa_view
@require_GET
def verify(request: HttpRequest, public_id: Any) -> HttpResponse:
    vote = _get_vote(request, public_id)
    report = verify_vote(vote)
    labels = dict(vote.options.values_list("key", "label"))
    # The recount by option as the ballot names it; a key missing from the options is shown as stored.
    recount = [(labels.get(key, key), n) for key, n in report.recount.items()]
    return render(request, "votes/verify.html", {"mesa": vote.mesa, "vote": vote, "report": report, "recount": recount})


@mesa_view
@require_GET
def ballots_csv(request: HttpRequest, public_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    vote = _get_vote(request, public_id)
    vote_policy.require(actor, "export", vote)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Elector"), _("E-mail"), _("Ballot"), _("Channel"), _("Cast"), _("Receipt")])
    tz = vote.mesa.tzinfo
    for elector in Elector.objects.filter(vote=vote).select_related("ballot__option").order_by("name"):
        ballot = getattr(elector, "ballot", None)
        writer.writerow(
            [
                safe_cell(elector.name),
                safe_cell(elector.email),
                safe_cell(ballot.option.label) if ballot else "",
                ballot.get_channel_display() if ballot else "",
                timezone.localtime(ballot.cast_at, tz).strftime("%d/%m/%Y %H:%M") if ballot else "",
                ballot.receipt if ballot else "",
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{vote.mesa.slug}-votacion-{vote.public_id}.csv"'
    record_export(actor=actor, mesa=vote.mesa, what="votes.ballots.csv", request=request)
    return response


# --- the personal link ------------------------------------------------------------------------


def _passkey_confirmed(request: HttpRequest, user_id: int) -> bool:
    """Whether this request comes from the elector, signed in with a passkey (WebAuthn)."""
    from allauth.account.internal.flows.login import get_authentication_records

    if not request.user.is_authenticated or request.user.pk != user_id:
        return False
    return any(
        r.get("method") == "mfa" and r.get("type") == "webauthn"
        for r in get_authentication_records(request, request.user)
    )


@require_http_methods(["GET", "POST"])
def ballot_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page of a personal voting link. Opening it changes nothing: casting is a deliberate POST.

    Anyone holding the link may open it (it arrives by e-mail to one elector), so the page
    shows the question and the options and nothing else of the Mesa.
    """
    link = services.link_for_token(token)
    if link is None:
        return render(request, "votes/link_invalid.html", status=404)
    vote = link.elector.vote
    needs_passkey = services.link_needs_passkey(link)
    passkey_ok = _passkey_confirmed(request, link.elector.membership.user_id)
    context: dict[str, Any] = {
        "vote": vote,
        "elector": link.elector,
        "options": list(vote.options.all()),
        "is_open": vote.is_open(timezone.now()) and timezone.now() < link.expires_at,
        "already": Ballot.objects.filter(elector=link.elector).exists(),
        "needs_passkey": needs_passkey and not passkey_ok,
        "error": None,
    }
    if request.method == "POST":
        try:
            receipt = services.cast_with_link(
                token=token, option_key=request.POST.get("option", ""), passkey_confirmed=passkey_ok
            )
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            return render(request, "votes/link.html", context, status=400)
        return render(request, "votes/receipt.html", {"vote": vote, "receipt": receipt, "via_link": True})
    with timezone.override(vote.mesa.tzinfo):
        return render(request, "votes/link.html", context)
