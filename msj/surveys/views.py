"""The Mesa's side of the surveys: the rounds it may answer, and its response to each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from msj.members.access import mesa_view
from msj.surveys import catalogue, services
from msj.surveys.forms import ResponseForm
from msj.surveys.models import Response, SurveyRound
from msj.surveys.policies import kinds_for, survey_round_policy
from msj.surveys.prefill import facts


@mesa_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The network's rounds this caller may answer for the Mesa, with where the Mesa's response stands."""
    actor = request.actor  # type: ignore[attr-defined]
    survey_round_policy.require(actor, "list")
    rounds = survey_round_policy.visible(actor, SurveyRound.objects.all()).filter(kind__in=kinds_for(actor))
    responses = {r.round_id: r for r in Response.objects.filter(mesa=request.mesa, round__in=rounds)}  # type: ignore[attr-defined]
    today = request.mesa.today()  # type: ignore[attr-defined]
    rows = [(r, responses.get(r.pk), r.accepts_answers(today)) for r in rounds]
    return render(request, "surveys/index.html", {"mesa": request.mesa, "rows": rows})  # type: ignore[attr-defined]


@mesa_view
@require_http_methods(["GET", "POST"])
def response(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The Mesa's answers to one round: a draft to save, a response to submit, or what was submitted."""
    actor = request.actor  # type: ignore[attr-defined]
    mesa = request.mesa  # type: ignore[attr-defined]
    survey_round = survey_round_policy.get(actor, SurveyRound.objects.all(), public_id)
    survey_round_policy.require(actor, "answer", survey_round)
    existing = Response.objects.filter(round=survey_round, mesa=mesa).first()
    answers, others = services.answers_of(existing)
    submitted = existing is not None and existing.is_submitted
    open_now = survey_round.accepts_answers(mesa.today())
    suggestions = {} if submitted else facts(mesa, mesa.today())
    form_kwargs: dict[str, Any] = {
        "kind": survey_round.kind,
        "answers": answers,
        "others": others,
        "suggestions": suggestions,
        "disabled": submitted or not open_now,
    }
    status = 200
    if request.method == "POST":
        form = ResponseForm(request.POST, **form_kwargs)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.save_response(
                    survey_round=survey_round,
                    mesa=mesa,
                    answers=form.answers(),
                    others=form.others(),
                    submit=submit,
                    by=actor,
                    request=request,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for code, problems in error.message_dict.items():
                        for problem in problems:
                            messages.error(
                                request,
                                _("Question %(number)s: %(problem)s")
                                % {"number": _question_number(survey_round, code), "problem": problem},
                            )
                else:
                    for problem in error.messages:
                        messages.error(request, problem)
            else:
                if submit:
                    messages.success(request, _("The response is submitted. Thank you."))
                else:
                    messages.success(request, _("The draft is saved; you may come back to it before the round closes."))
                return redirect("surveys:response", mesa_slug=mesa.slug, public_id=survey_round.public_id)
        status = 400
    else:
        form = ResponseForm(**form_kwargs)
    context = {
        "mesa": mesa,
        "round": survey_round,
        "response": existing,
        "form": form,
        "submitted": submitted,
        "open_now": open_now,
    }
    return render(request, "surveys/response.html", context, status=status)


def _question_number(survey_round: SurveyRound, code: str) -> str:
    question = catalogue.questions(survey_round.kind).get(code)
    return question.number if question else code
