"""The network staff's side of the surveys: open a round, see who answered, the Cuadros, exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.services import record_export
from msj.network.access import network_view
from msj.surveys import catalogue, charts, exports, services, tabulation
from msj.surveys.forms import OpenRoundForm
from msj.surveys.models import Response, SurveyRound

HISTORY = 5  # rounds shown in the tables over time


def _round(request: HttpRequest, public_id: Any) -> SurveyRound:
    try:
        return SurveyRound.objects.get(network=request.network, public_id=public_id)  # type: ignore[attr-defined]
    except (ValueError, ValidationError, SurveyRound.DoesNotExist):
        raise Http404 from None


@network_view
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    """Every round of the network, and the form to open the next one."""
    network = request.network  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        form = OpenRoundForm(request.POST)
        if form.is_valid():
            try:
                survey_round = services.open_round(
                    network=network,
                    kind=form.cleaned_data["kind"],
                    year=form.cleaned_data["year"],
                    opens_on=form.cleaned_data["opens_on"],
                    closes_on=form.cleaned_data["closes_on"],
                    by=request.network_actor,  # type: ignore[attr-defined]
                    request=request,
                )
            except ValidationError as error:
                for problem in error.messages:
                    form.add_error(None, problem)
            else:
                messages.success(request, _("The round is open; the Mesas may answer it."))
                return redirect("surveys_network:round", network_slug=network.slug, public_id=survey_round.public_id)
        status = 400
    else:
        form = OpenRoundForm()
    all_rounds = SurveyRound.objects.filter(network=network)
    context = {"network": network, "rounds": all_rounds, "form": form}
    return render(request, "surveys/network_rounds.html", context, status=status)


@network_view
@require_GET
def round_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Who answered, and the round's tabulations beside the previous round's."""
    network = request.network  # type: ignore[attr-defined]
    survey_round = _round(request, public_id)
    responses = {r.mesa_id: r for r in Response.objects.filter(round=survey_round)}
    mesas = [(m, responses.get(m.pk)) for m in network.mesas.order_by("name")]
    # This round and the same instrument's earlier ones (the last five): the comparison with the
    # previous round, and Cuadro 16 over time.
    history = list(
        SurveyRound.objects.filter(network=network, kind=survey_round.kind, year__lte=survey_round.year).order_by(
            "-year"
        )[:HISTORY]
    )[::-1]
    tables_by_round = {
        r.pk: {t.key: t for t in tabulation.tables(r.kind, services.submitted_answers(r))} for r in history
    }
    current = tables_by_round[survey_round.pk]
    previous = history[-2] if len(history) > 1 else None
    before = tables_by_round[previous.pk] if previous else {}
    blocks = [
        (t, charts.data_uri(t), tabulation.compare(t, before.get(t.key)) if previous else None)
        for t in current.values()
    ]
    formalisation = tabulation.over_time(
        "formalisation_over_time",
        _("Formalisation of the Mesas over time"),
        _("Mesas answering yes, and their percentage of the Mesas that answered, in each round."),
        [(str(r.year), tables_by_round[r.pk]["cuadro16"]) for r in history],
    )
    grid = services.formalisation_by_mesa(survey_round)
    context = {
        "network": network,
        "round": survey_round,
        "mesas": mesas,
        "submitted": sum(1 for r in responses.values() if r.is_submitted),
        "blocks": blocks,
        "previous": previous,
        "formalisation": formalisation if len(history) > 1 else None,
        "grid_mesas": [name for name, _answers in grid],
        "grid": [
            (label, [answers.get(code, "") for _name, answers in grid]) for code, label in catalogue.FORMALISATION
        ],
    }
    return render(request, "surveys/network_round.html", context)


@network_view
@require_POST
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    survey_round = _round(request, public_id)
    try:
        services.close_round(survey_round=survey_round, by=request.network_actor, request=request)  # type: ignore[attr-defined]
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The round is closed; no Mesa may answer it any longer."))
    return redirect("surveys_network:round", network_slug=survey_round.network.slug, public_id=survey_round.public_id)


@network_view
@require_GET
def export(request: HttpRequest, public_id: Any, what: str, fmt: str) -> HttpResponse:
    """The round's tabulations or raw answers, as CSV or XLSX; every download is in the audit trail."""
    survey_round = _round(request, public_id)
    tables = tabulation.tables(survey_round.kind, services.submitted_answers(survey_round)) if what == "tables" else []
    rows = exports.table_rows(tables) if what == "tables" else exports.answer_rows(survey_round)
    name = f"{survey_round.kind}-{survey_round.year}-{what}"
    record_export(
        actor=request.network_actor,  # type: ignore[attr-defined]
        mesa=None,
        what=f"surveys.{name}.{fmt}",
        request=request,
    )
    if fmt == "xlsx":
        # A sheet per Cuadro in the workbook; the CSV has them one after another.
        sheets = {t.key: tabulation.rows_for_export(t) for t in tables} if tables else {name: rows}
        body = exports.to_xlsx(sheets)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.to_csv(rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
