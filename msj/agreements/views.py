"""The agreements matrix: the list with its filters and views, an agreement and its timeline, exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.agreements import exports, services
from msj.agreements.forms import AgreementForm, FollowUpForm, MatrixFilterForm
from msj.agreements.models import Agreement, Evidence
from msj.agreements.policies import agreement_policy
from msj.agreements.selectors import matrix_rows
from msj.audit.models import AuditEvent
from msj.audit.services import record, record_export
from msj.committees.models import Committee
from msj.committees.policies import committee_policy
from msj.members.access import Actor, mesa_view
from msj.members.models import Membership, Seat
from msj.members.policies import membership_policy, seat_policy

PAGE_SIZE = 50
# The views of one committee, one seat or one person are the matrix with that filter fixed.
PRESETS = ("committee", "seat", "person")


def _filtered(request: HttpRequest, actor: Actor, preset: str | None = None, value: Any = None) -> Any:
    """The filter form read from the query string, and the agreement rows it selects."""
    form = MatrixFilterForm(request.GET, actor=actor, preset=preset)
    queryset: Any = form.filtered(Agreement.objects.all(), actor.mesa.today())
    if preset == "committee":
        queryset = queryset.filter(committee=value)
    elif preset == "seat":
        queryset = queryset.for_seat(value.pk)
    elif preset == "person":
        queryset = queryset.for_person(value)
    return form, matrix_rows(actor, queryset)


def _matrix(request: HttpRequest, *, heading: str, preset: str | None = None, value: Any = None) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    mesa = actor.mesa
    agreement_policy.require(actor, "view")
    form, rows = _filtered(request, actor, preset, value)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = mesa.today()
    query = request.GET.copy()
    query.pop("page", None)
    if preset is not None:
        query[preset] = str(value.public_id)
    active = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "agreements/matrix.html",
        {
            "mesa": mesa,
            "heading": heading,
            "form": form,
            "page": page,
            "rows": [(agreement, agreement.is_overdue(today)) for agreement in page.object_list],
            "filters_active": bool(active.keys() - {"q"}),
            "export_query": query.urlencode(),
            "can_create": agreement_policy.can(actor, "create"),
            "can_export": agreement_policy.can(actor, "export"),
        },
    )


@mesa_view
@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    return _matrix(request, heading=_("Agreements"))


@mesa_view
@require_GET
def committee_matrix(request: HttpRequest, public_id: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    committee = committee_policy.get(actor, Committee.objects.all(), public_id)
    heading = _("Agreements of the committee %(committee)s") % {"committee": committee}
    return _matrix(request, heading=heading, preset="committee", value=committee)


@mesa_view
@require_GET
def seat_matrix(request: HttpRequest, public_id: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    seat = seat_policy.get(actor, Seat.objects.select_related("post"), public_id)
    heading = _("Agreements of the official's seat %(seat)s") % {"seat": seat}
    return _matrix(request, heading=heading, preset="seat", value=seat)


@mesa_view
@require_GET
def person_matrix(request: HttpRequest, public_id: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    person = _person(actor, public_id)
    heading = _("Agreements of %(person)s") % {"person": person.user.full_name}
    return _matrix(request, heading=heading, preset="person", value=person)


def _person(actor: Actor, public_id: str) -> Membership:
    """A person of the Mesa: anyone may see their own agreements; others' need the directory."""
    if actor.membership is not None and str(actor.membership.public_id) == str(public_id):
        return actor.membership
    return membership_policy.get(actor, Membership.objects.select_related("user", "seat"), public_id)


def _export_rows(request: HttpRequest) -> tuple[Actor, Any]:
    """The rows of the matrix for the same query string; the presets are ordinary filters there."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    agreement_policy.require(actor, "export")
    form, rows = _filtered(request, actor)
    if not form.is_valid():
        # Dropping a filter that does not hold would export more than the person asked for.
        raise BadFilters
    return actor, rows


class BadFilters(Exception):
    pass


def _refuse_bad_filters(view: Any) -> Any:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]
        except BadFilters:
            return HttpResponseBadRequest(
                _("Nothing was exported: a filter has a value that does not exist. Correct the filters and try again."),
                content_type="text/plain; charset=utf-8",
            )

    return wrapper


@mesa_view
@require_GET
@never_cache
@_refuse_bad_filters
def export_csv(request: HttpRequest) -> HttpResponse:
    """Exactly the rows the matrix shows with the same filters, as CSV; audited."""
    actor, rows = _export_rows(request)
    mesa = actor.mesa
    response = HttpResponse(exports.to_csv(rows, mesa.today(), mesa.tzinfo), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{mesa.slug}-acuerdos-{mesa.today().isoformat()}.csv"'
    record_export(actor=actor, mesa=mesa, what="agreements.matrix.csv", request=request)
    return response


@mesa_view
@require_GET
@never_cache
@_refuse_bad_filters
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """Exactly the rows the matrix shows with the same filters, as an Excel workbook; audited."""
    actor, rows = _export_rows(request)
    mesa = actor.mesa
    content = exports.to_xlsx(rows, mesa.today(), mesa=mesa, exported_by=actor.user.full_name or actor.user.email)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{mesa.slug}-acuerdos-{mesa.today().isoformat()}.xlsx"'
    record_export(actor=actor, mesa=mesa, what="agreements.matrix.xlsx", request=request)
    return response


def _agreement(actor: Actor, public_id: str) -> Agreement:
    agreement: Agreement = agreement_policy.get(actor, matrix_rows(actor), public_id)
    return agreement


def _detail(
    request: HttpRequest, agreement: Agreement, follow_up_form: FollowUpForm | None = None, status: int = 200
) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    may_follow_up = agreement_policy.can(actor, "follow_up", agreement)
    if may_follow_up and follow_up_form is None:
        follow_up_form = FollowUpForm(actor=actor, agreement=agreement)
    timeline = (
        agreement.follow_ups.select_related("author", "meeting")
        .prefetch_related(models.Prefetch("evidence", queryset=Evidence.objects.order_by("created_at", "pk")))
        .order_by("-on", "-created_at", "-pk")
    )
    return render(
        request,
        "agreements/detail.html",
        {
            "mesa": actor.mesa,
            "agreement": agreement,
            "overdue": agreement.is_overdue(actor.mesa.today()),
            "timeline": timeline,
            "form": follow_up_form if may_follow_up else None,
            "can_edit": agreement_policy.can(actor, "edit", agreement),
        },
        status=status,
    )


@mesa_view
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    agreement_policy.require(actor, "view")
    return _detail(request, _agreement(actor, public_id))


def _add_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's refusal on the form field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@mesa_view
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    mesa = actor.mesa
    agreement_policy.require(actor, "create")
    form = AgreementForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.create_agreement(
                mesa=mesa,
                text=data["text"],
                by=actor,
                origin_meeting=data["origin_meeting"],
                committee=data["committee"],
                due_on=data["due_on"],
                priority=data["priority"],
                responsible_seats=data["responsible_seats"],
                responsible_people=data["responsible_people"],
                institutions=data["institutions"],
                topics=data["topics"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Agreement %(code)s was recorded.") % {"code": agreement.code})
            return redirect("agreements:detail", mesa_slug=mesa.slug, public_id=agreement.public_id)
    return render(request, "agreements/form.html", {"mesa": mesa, "form": form, "agreement": None})


@mesa_view
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    mesa = actor.mesa
    agreement = _agreement(actor, public_id)
    agreement_policy.require(actor, "edit", agreement)
    initial = {
        "text": agreement.text,
        "committee": agreement.committee,
        "responsible_seats": list(agreement.responsible_seats.all()),
        "responsible_people": list(agreement.responsible_people.all()),
        "institutions": agreement.institutions,
        "due_on": agreement.due_on,
        "priority": agreement.priority,
        "topics": list(agreement.topics.all()),
    }
    form = AgreementForm(request.POST or None, actor=actor, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_agreement(
                agreement=agreement,
                by=actor,
                text=data["text"],
                committee=data["committee"],
                due_on=data["due_on"],
                priority=data["priority"],
                responsible_seats=data["responsible_seats"],
                responsible_people=data["responsible_people"],
                institutions=data["institutions"],
                topics=data["topics"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Agreement %(code)s was updated.") % {"code": agreement.code})
            return redirect("agreements:detail", mesa_slug=mesa.slug, public_id=agreement.public_id)
    return render(request, "agreements/form.html", {"mesa": mesa, "form": form, "agreement": agreement})


@mesa_view
@require_POST
def follow_up(request: HttpRequest, public_id: str) -> HttpResponse:
    """Append an entry, with its evidence, to the agreement's timeline. Entries are never edited."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    agreement = _agreement(actor, public_id)
    agreement_policy.require(actor, "follow_up", agreement)
    form = FollowUpForm(request.POST, request.FILES, actor=actor, agreement=agreement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_follow_up(
                agreement=agreement,
                by=actor,
                on=data["on"],
                note=data["note"],
                progress=data["progress"],
                status_after=data.get("status_after", ""),
                meeting=data["meeting"],
                files=data["evidence"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The follow-up was added to the timeline."))
            return redirect("agreements:detail", mesa_slug=actor.mesa.slug, public_id=agreement.public_id)
    return _detail(request, agreement, follow_up_form=form)


@mesa_view
@require_GET
@never_cache
def evidence(request: HttpRequest, public_id: str, evidence_id: str) -> HttpResponse:
    """Hand over one evidence file to whoever may read its agreement; the download is audited."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    agreement = agreement_policy.get(actor, Agreement.objects.all(), public_id)
    item = Evidence.objects.filter(follow_up__agreement=agreement, public_id=evidence_id).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        AuditEvent.Action.EXPORT,
        obj=item,
        actor=actor,
        mesa=actor.mesa,
        after={"agreement": agreement.code, "name": item.original_name, "sha256": item.sha256},
        request=request,
    )
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    return response  # type: ignore[return-value]  # a streamed file, served like any other response
