"""Elections: the term's calendar and warnings, candidacies, the votes of each cycle, further rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.services import record_export
from msj.core.forms import add_service_errors
from msj.elections import rules, services
from msj.elections.forms import CandidacyForm, NextRoundForm, StandForm
from msj.elections.models import Candidacy, ElectionCycle, ElectionVote, Seat
from msj.elections.policies import election_policy
from msj.members.access import mesa_view
from msj.members.models import alternate_shortfall
from msj.votes import rules as vote_rules


def _get_cycle(request: HttpRequest, public_id: Any, action: str = "view") -> ElectionCycle:
    actor = request.actor  # type: ignore[attr-defined]
    election_policy.require(actor, "view")
    cycle = election_policy.get(actor, ElectionCycle.objects.select_related("mesa"), public_id)
    election_policy.require(actor, action, cycle)
    return cycle


def _to_overview(request: HttpRequest) -> HttpResponse:
    return redirect("elections:overview", mesa_slug=request.mesa.slug)  # type: ignore[attr-defined]


def cycle_context(request: HttpRequest, cycle: ElectionCycle) -> dict[str, Any]:
    """What a cycle's page (and the overview, for the current cycle) shows."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = cycle.mesa
    now = timezone.now()
    candidacies = list(
        Candidacy.objects.filter(cycle=cycle).select_related("membership__user").order_by("seat", "submitted_on", "pk")
    )
    elections = list(
        ElectionVote.objects.filter(cycle=cycle)
        .select_related("vote__result__winner", "elected__user", "office")
        .order_by("seat", "round", "pk")
    )
    followed = {e.previous_id for e in elections if e.previous_id is not None}
    may_next_round = election_policy.can(actor, "next_round", cycle)
    for e in elections:
        e.reads_open = e.vote.is_open(now)  # type: ignore[attr-defined]
        e.result = getattr(e.vote, "result", None)  # type: ignore[attr-defined]
        e.may_next_round = (  # type: ignore[attr-defined]
            may_next_round
            and e.pk not in followed
            and (e.outcome in {vote_rules.NO_ELECTION, vote_rules.INVALID} or (not e.outcome and not e.reads_open))  # type: ignore[attr-defined]
        )
    return {
        "cycle": cycle,
        "calendar": services.calendar_for(mesa, cycle.term_ends_on),
        "alternate_candidacies": [c for c in candidacies if c.seat == Seat.ALTERNATE],
        "coordinator_candidacies": [c for c in candidacies if c.seat == Seat.COORDINATOR],
        "coordinator_votes": [e for e in elections if e.seat == Seat.COORDINATOR],
        "alternate_votes": [e for e in elections if e.seat == Seat.ALTERNATE],
        "unforwarded": sum(1 for c in candidacies if c.seat == Seat.ALTERNATE and c.forwarded_at is None),
        "can_forward": election_policy.can(actor, "forward", cycle),
        "can_open_due": election_policy.can(actor, "open_due", cycle) and cycle.status == ElectionCycle.Status.OPEN,
    }


@mesa_view
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's term, its election calendar, the alternates and the current cycle."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    election_policy.require(actor, "view")
    today = mesa.today()
    office = services.coordinator_office(mesa, today)
    term_ends_on = services.current_term_end(mesa, today)
    cycle = services.current_cycle(mesa, today)
    alternates = services.current_alternates(mesa, today)
    context: dict[str, Any] = {
        "mesa": mesa,
        "today": today,
        "office": office,
        "term_ends_on": term_ends_on,
        "calendar": services.calendar_for(mesa, term_ends_on) if term_ends_on else None,
        "alternates": alternates,
        "shortfall": alternate_shortfall(len(alternates)),
        "candidacy_open": term_ends_on is not None and rules.candidacy_is_open(mesa, term_ends_on, today),
        "can_submit": election_policy.can(actor, "submit_candidacy"),
        "can_stand": election_policy.can(actor, "stand")
        and (cycle is None or not ElectionVote.objects.filter(cycle=cycle, seat=Seat.COORDINATOR).exists()),
        "stand_form": StandForm(),
        "past_cycles": [
            c
            for c in election_policy.visible(actor, ElectionCycle.objects.all()).order_by("-term_ends_on")[:20]
            if cycle is None or c.pk != cycle.pk
        ],
    }
    if cycle is not None:
        context.update(cycle_context(request, cycle))
    context["cycle"] = cycle
    return render(request, "elections/overview.html", context)


@mesa_view
@require_GET
def cycle_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    cycle = _get_cycle(request, public_id)
    return render(request, "elections/cycle.html", {"mesa": request.mesa, **cycle_context(request, cycle)})  # type: ignore[attr-defined]


@mesa_view
@require_http_methods(["GET", "POST"])
def submit_candidacy(request: HttpRequest) -> HttpResponse:
    """A citizen member's letter for the vacant alternate seat (or the secretary records one received)."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    election_policy.require(actor, "submit_candidacy")
    on_behalf = election_policy.can(actor, "record_for_others")
    today = mesa.today()
    term_ends_on = services.current_term_end(mesa, today)
    form = CandidacyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        mesa=mesa,
        on_behalf=on_behalf,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycle = services.ensure_cycle(mesa, today)
                if cycle is None:
                    raise ValidationError(_("The Mesa has no coordinator in office, so no term to elect for."))
                services.submit_candidacy(
                    cycle=cycle,
                    membership=data["member"] if on_behalf else actor.membership,
                    letter_text=data["letter_text"],
                    letter_file=data["letter_file"],
                    by=actor,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The candidacy was received. The technical secretary has been told."))
                return _to_overview(request)
        messages.error(request, _("Nothing was recorded. Correct the fields marked below."))
    return render(
        request,
        "elections/candidacy_form.html",
        {
            "mesa": mesa,
            "form": form,
            "on_behalf": on_behalf,
            "calendar": services.calendar_for(mesa, term_ends_on) if term_ends_on else None,
            "candidacy_open": term_ends_on is not None and rules.candidacy_is_open(mesa, term_ends_on, today),
        },
    )


@mesa_view
@require_POST
def stand(request: HttpRequest) -> HttpResponse:
    """The coordinator stands for re-election, before the coordinator vote opens."""
    actor = request.actor  # type: ignore[attr-defined]
    election_policy.require(actor, "stand")
    form = StandForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for e in form.errors.get("letter_text", [])))
        services.stand_for_reelection(
            mesa=request.mesa,  # type: ignore[attr-defined]
            membership=actor.membership,
            letter_text=form.cleaned_data["letter_text"],
            by=actor,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You stand for re-election: you will be on the ballot with the alternates."))
    return _to_overview(request)


@mesa_view
@require_POST
def forward(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The technical secretary forwards the candidacies received to every citizen member."""
    cycle = _get_cycle(request, public_id, "forward")
    count = services.forward_candidacies(cycle=cycle, by=request.actor, request=request)  # type: ignore[attr-defined]
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s candidacy was forwarded to every citizen member.",
                "%(count)s candidacies were forwarded to every citizen member.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Every candidacy had already been forwarded: nothing was sent."))
    return redirect("elections:cycle", mesa_slug=cycle.mesa.slug, public_id=cycle.public_id)


@mesa_view
@require_POST
def open_due(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Open now what the daily job would open today (the secretary or the Executive Committee)."""
    cycle = _get_cycle(request, public_id, "open_due")
    try:
        opened = services.open_due_votes(cycle, by=request.actor, request=request)  # type: ignore[attr-defined]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if opened:
            messages.success(request, _("The votes that were due are open: every elector has been e-mailed."))
        else:
            messages.info(request, _("No vote is due today: nothing was opened."))
    return redirect("elections:cycle", mesa_slug=cycle.mesa.slug, public_id=cycle.public_id)


@mesa_view
@require_GET
def letter(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Hand over a candidacy's PDF letter to whoever sees the elections; the download is logged."""
    actor = request.actor  # type: ignore[attr-defined]
    election_policy.require(actor, "view")
    visible = election_policy.visible(actor, ElectionCycle.objects.all())
    candidacy = Candidacy.objects.filter(cycle__in=visible, public_id=public_id).first()
    if candidacy is None or not candidacy.letter_file:
        raise Http404
    try:
        handle = candidacy.letter_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record_export(actor=actor, mesa=actor.mesa, what=f"elections.candidacy:{candidacy.public_id}", request=request)
    response = FileResponse(
        handle, as_attachment=True, filename=candidacy.letter_name or "carta.pdf", content_type="application/pdf"
    )
    return response  # type: ignore[return-value]  # a streamed file, served like any other response


@mesa_view
@require_http_methods(["GET", "POST"])
def next_round(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The Executive Committee opens a further round after a vote that elected nobody."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    election_policy.require(actor, "view")
    visible = election_policy.visible(actor, ElectionCycle.objects.all())
    election = (
        ElectionVote.objects.filter(cycle__in=visible, public_id=public_id)
        .select_related("cycle__mesa", "vote__result__winner")
        .first()
    )
    if election is None:
        raise Http404
    election_policy.require(actor, "next_round", election.cycle)
    form = NextRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                new = services.open_next_round(
                    election=election, closes_on=form.cleaned_data["closes_on"], by=actor, request=request
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The new round is open: every elector has been e-mailed."))
                return redirect("votes:detail", mesa_slug=mesa.slug, public_id=new.vote.public_id)
        messages.error(request, _("Nothing was opened. Correct the fields marked below."))
    result = getattr(election.vote, "result", None)
    order = list(election.vote.options.all())
    names = {o.key: o.label for o in order}
    keys = rules.next_round_candidates(result.outcome, result.counts, [o.key for o in order]) if result else []
    return render(
        request,
        "elections/next_round.html",
        {"mesa": mesa, "election": election, "result": result, "form": form, "names": [names[k] for k in keys]},
    )
