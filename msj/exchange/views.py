"""The Mesa's side of learning across Mesas: the directory, twinnings, visits, practices."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseForm, Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.committees.models import Committee
from msj.exchange import services
from msj.exchange.forms import (
    CardForm,
    DecisionForm,
    DocumentForm,
    PracticeForm,
    ReasonForm,
    SearchForm,
    TwinningRequestForm,
    VisitDecisionForm,
    VisitRecordForm,
    VisitRequestForm,
)
from msj.exchange.models import DirectoryCard, Practice, StoredFile, Twinning, Visit
from msj.exchange.policies import (
    card_policy,
    practice_policy,
    twinnable_committees,
    twinning_policy,
    visit_policy,
)
from msj.exchange.selectors import describe, network_cards
from msj.members.access import Actor, mesa_view
from msj.mesas.models import Mesa

PAGE_SIZE = 20


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def refuse(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form, each message beside its field."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _say_refused(request: HttpRequest, form: Form | None = None, exc: ValidationError | None = None) -> None:
    """An action button's refusal, told on the page it comes back to."""
    if exc is not None:
        for text in exc.messages:
            messages.error(request, text)
    elif form is not None:
        for name, errors in form.errors.items():
            label = str(form.fields[name].label or "") if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))


def download(request: HttpRequest, item: StoredFile, *, mesa: Mesa | None, about: dict[str, Any]) -> HttpResponse:
    """Hand over a stored file; the download is audited."""
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        AuditEvent.Action.EXPORT,
        obj=item,
        actor=request.user,
        mesa=mesa,
        after={**about, "name": item.original_name, "sha256": item.sha256},
        request=request,
    )
    return FileResponse(  # type: ignore[return-value]  # a streamed file, served like any other response
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


# The directory


@mesa_view
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    card_policy.require(actor, "view_directory")
    cards = describe(network_cards(actor.mesa.network))
    return render(
        request,
        "exchange/directory.html",
        {
            "mesa": actor.mesa,
            "cards": cards,
            "has_card": any(view.card.mesa_id == actor.mesa.pk for view in cards),
            "can_edit": card_policy.can(actor, "edit"),
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def card_edit(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    card_policy.require(actor, "edit")
    card = DirectoryCard.objects.filter(mesa=actor.mesa).first() or DirectoryCard(mesa=actor.mesa)
    form = CardForm(request.POST or None, instance=card)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_card(mesa=actor.mesa, by=actor, request=request, **data)
        except ValidationError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The Mesa's card was saved."))
            return redirect("exchange:directory", mesa_slug=actor.mesa.slug)
    return render(request, "exchange/card_form.html", {"mesa": actor.mesa, "form": form})


# Twinning


def _partner_committees(actor: Actor) -> QuerySet[Committee]:
    """Working committees of the other Mesas listed in the directory."""
    return (
        Committee.objects.filter(
            mesa__network_id=actor.mesa.network_id, mesa__directory_card__isnull=False, dissolved_on__isnull=True
        )
        .exclude(mesa=actor.mesa)
        .exclude(kind__in=Committee.RESTRICTED_KINDS)
        .select_related("mesa")
        .order_by("mesa__name", "name")
    )


def _twinnings(actor: Actor) -> QuerySet[Twinning]:
    return twinning_policy.visible(actor, Twinning.objects.select_related("committee__mesa", "partner__mesa"))


@mesa_view
@require_GET
def twinnings(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    twinning_policy.require(actor, "view")
    return render(
        request,
        "exchange/twinnings.html",
        {"mesa": actor.mesa, "twinnings": _twinnings(actor), "can_request": twinning_policy.can(actor, "request")},
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def twinning_request(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    twinning_policy.require(actor, "request")
    form = TwinningRequestForm(
        request.POST or None, own=twinnable_committees(actor), partners=_partner_committees(actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            twinning = services.request_twinning(by=actor, request=request, **form.cleaned_data)
        except ValidationError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The request was sent to the other committee."))
            return redirect("exchange:twinning", mesa_slug=actor.mesa.slug, public_id=twinning.public_id)
    return render(request, "exchange/twinning_request.html", {"mesa": actor.mesa, "form": form})


@mesa_view
@require_GET
def twinning_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    twinning = twinning_policy.get(actor, _twinnings(actor), public_id)
    can_view_documents = twinning_policy.can(actor, "view_documents", twinning)
    is_open = twinning.status in Twinning.OPEN
    context = {
        "mesa": actor.mesa,
        "twinning": twinning,
        "own": twinning.side(actor.mesa),
        "other": twinning.other_side(actor.mesa),
        "can_view_documents": can_view_documents,
        "documents": twinning_policy.documents(actor, twinning).select_related("mesa", "shared_by"),
        "decide_form": DecisionForm()
        if twinning.status == Twinning.Status.REQUESTED and twinning_policy.can(actor, "decide", twinning)
        else None,
        "end_form": ReasonForm() if is_open and twinning_policy.can(actor, "end", twinning) else None,
        "share_form": DocumentForm()
        if twinning.status == Twinning.Status.ACTIVE and twinning_policy.can(actor, "share", twinning)
        else None,
    }
    return render(request, "exchange/twinning_detail.html", context)


def _twinning_action(request: HttpRequest, public_id: str, action: str) -> tuple[Actor, Twinning]:
    actor = _actor(request)
    twinning = twinning_policy.get(actor, _twinnings(actor), public_id)
    twinning_policy.require(actor, action, twinning)
    return actor, twinning


@mesa_view
@require_POST
def twinning_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, twinning = _twinning_action(request, public_id, "decide")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _say_refused(request, form)
    else:
        try:
            services.decide_twinning(
                twinning=twinning, accept=form.accepted, reason=form.cleaned_data["reason"], by=actor, request=request
            )
        except ValidationError as exc:
            _say_refused(request, exc=exc)
        else:
            messages.success(request, _("The twinning is active.") if form.accepted else _("The request was declined."))
    return redirect("exchange:twinning", mesa_slug=actor.mesa.slug, public_id=twinning.public_id)


@mesa_view
@require_POST
def twinning_end(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, twinning = _twinning_action(request, public_id, "end")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _say_refused(request, form)
    else:
        try:
            services.end_twinning(
                twinning=twinning, mesa=actor.mesa, reason=form.cleaned_data["reason"], by=actor, request=request
            )
        except ValidationError as exc:
            _say_refused(request, exc=exc)
        else:
            messages.success(request, _("The twinning has ended."))
    return redirect("exchange:twinning", mesa_slug=actor.mesa.slug, public_id=twinning.public_id)


@mesa_view
@require_POST
def twinning_share(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, twinning = _twinning_action(request, public_id, "share")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _say_refused(request, form)
    else:
        try:
            services.share_document(
                twinning=twinning,
                mesa=actor.mesa,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=actor,
                request=request,
            )
        except ValidationError as exc:
            _say_refused(request, exc=exc)
        else:
            messages.success(request, _("The document is in the shared space."))
    return redirect("exchange:twinning", mesa_slug=actor.mesa.slug, public_id=twinning.public_id)


@mesa_view
@require_GET
@never_cache
def twinning_document(request: HttpRequest, public_id: str, document_id: str) -> HttpResponse:
    actor = _actor(request)
    twinning = twinning_policy.get(actor, _twinnings(actor), public_id)
    twinning_policy.require(actor, "view_documents", twinning)
    item = twinning_policy.documents(actor, twinning).filter(public_id=document_id).first()
    if item is None:
        raise Http404
    return download(request, item, mesa=actor.mesa, about={"twinning": str(twinning.public_id)})


# Induction visits


def _visits(actor: Actor) -> QuerySet[Visit]:
    return visit_policy.visible(actor, Visit.objects.select_related("visitor", "host"))


def _hosts(actor: Actor) -> QuerySet[Mesa]:
    return (
        Mesa.objects.filter(network_id=actor.mesa.network_id, directory_card__isnull=False)
        .exclude(pk=actor.mesa.pk)
        .order_by("name")
    )


@mesa_view
@require_GET
def visits(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    visit_policy.require(actor, "view")
    return render(
        request,
        "exchange/visits.html",
        {"mesa": actor.mesa, "visits": _visits(actor), "can_request": visit_policy.can(actor, "request")},
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def visit_request(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    visit_policy.require(actor, "request")
    form = VisitRequestForm(request.POST or None, hosts=_hosts(actor))
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.request_visit(visitor=actor.mesa, by=actor, request=request, **form.cleaned_data)
        except ValidationError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The request was sent to the host Mesa."))
            return redirect("exchange:visit", mesa_slug=actor.mesa.slug, public_id=visit.public_id)
    return render(request, "exchange/visit_request.html", {"mesa": actor.mesa, "form": form})


@mesa_view
@require_GET
def visit_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    visit = visit_policy.get(actor, _visits(actor), public_id)
    # Each side's record is its own: the other Mesa's never reaches this page.
    own_record = visit.records.filter(mesa=actor.mesa).select_related("recorded_by").first()
    today = actor.mesa.today()
    can_record = (
        visit.status == Visit.Status.ACCEPTED
        and visit.plenary_on is not None
        and visit.plenary_on <= today
        and own_record is None
        and visit_policy.can(actor, "record", visit)
    )
    context = {
        "mesa": actor.mesa,
        "visit": visit,
        "we_host": visit.host_id == actor.mesa.pk,
        "own_record": own_record,
        "decide_form": VisitDecisionForm()
        if visit.status == Visit.Status.REQUESTED and visit_policy.can(actor, "decide", visit)
        else None,
        "record_form": VisitRecordForm() if can_record else None,
    }
    return render(request, "exchange/visit_detail.html", context)


@mesa_view
@require_POST
def visit_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    visit = visit_policy.get(actor, _visits(actor), public_id)
    visit_policy.require(actor, "decide", visit)
    form = VisitDecisionForm(request.POST)
    if not form.is_valid():
        _say_refused(request, form)
    else:
        try:
            services.decide_visit(
                visit=visit,
                accept=form.accepted,
                plenary_on=form.cleaned_data["plenary_on"],
                reason=form.cleaned_data["reason"],
                by=actor,
                request=request,
            )
        except ValidationError as exc:
            _say_refused(request, exc=exc)
        else:
            messages.success(request, _("The visit was accepted.") if form.accepted else _("The visit was declined."))
    return redirect("exchange:visit", mesa_slug=actor.mesa.slug, public_id=visit.public_id)


@mesa_view
@require_POST
def visit_record(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    visit = visit_policy.get(actor, _visits(actor), public_id)
    visit_policy.require(actor, "record", visit)
    form = VisitRecordForm(request.POST)
    if not form.is_valid():
        _say_refused(request, form)
    else:
        try:
            services.record_visit(visit=visit, mesa=actor.mesa, by=actor, request=request, **form.cleaned_data)
        except ValidationError as exc:
            _say_refused(request, exc=exc)
        else:
            messages.success(request, _("The visit was recorded."))
    return redirect("exchange:visit", mesa_slug=actor.mesa.slug, public_id=visit.public_id)


# The library of practices


def _practices(actor: Actor) -> QuerySet[Practice]:
    return practice_policy.visible(actor, Practice.objects.select_related("mesa", "committee"))


@mesa_view
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """The network's library: published practices of every Mesa of the network, searchable."""
    actor = _actor(request)
    practice_policy.require(actor, "search")
    form = SearchForm(request.GET)
    queryset = Practice.objects.published_in(actor.mesa.network).select_related("mesa")
    return render(request, "exchange/library.html", library_context(request, form, queryset, mesa=actor.mesa))


def library_context(
    request: HttpRequest, form: SearchForm, queryset: QuerySet[Practice], **extra: Any
) -> dict[str, Any]:
    text = form.cleaned_data["q"] if form.is_valid() else ""
    if text:
        queryset = queryset.search(text)  # type: ignore[attr-defined]
    page = Paginator(queryset.order_by("-published_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return {**extra, "form": form, "q": text, "page": page}


@mesa_view
@require_GET
def practices(request: HttpRequest) -> HttpResponse:
    """The Mesa's own practices: drafts for those who write them, and what it published."""
    actor = _actor(request)
    practice_policy.require(actor, "search")
    return render(
        request,
        "exchange/practices.html",
        {
            "mesa": actor.mesa,
            "practices": _practices(actor).filter(mesa=actor.mesa).order_by("status", "-updated_at"),
            "can_draft": practice_policy.can(actor, "draft"),
        },
    )


@mesa_view
@require_http_methods(["GET", "POST"])
def practice_form(request: HttpRequest, public_id: str | None = None) -> HttpResponse:
    actor = _actor(request)
    practice: Practice | None = None
    if public_id is None:
        practice_policy.require(actor, "draft")
    else:
        practice = practice_policy.get(actor, _practices(actor), public_id)
        practice_policy.require(actor, "edit", practice)
        if practice.status == Practice.Status.PUBLISHED:
            messages.error(request, _("Withdraw the practice from the network before changing it."))
            return redirect("exchange:practice", mesa_slug=actor.mesa.slug, public_id=practice.public_id)
    form = PracticeForm(
        request.POST or None, request.FILES or None, instance=practice or Practice(mesa=actor.mesa), mesa=actor.mesa
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.save_practice(
                mesa=actor.mesa,
                practice=practice,
                values=form.cleaned_data,
                files=form.cleaned_data["attachments"],
                by=actor,
                request=request,
            )
        except ValidationError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The practice was saved. It is not published until you publish it."))
            return redirect("exchange:practice", mesa_slug=actor.mesa.slug, public_id=practice.public_id)
    return render(request, "exchange/practice_form.html", {"mesa": actor.mesa, "form": form, "practice": practice})


def practice_context(practice: Practice, attachment_url: Any, **extra: Any) -> dict[str, Any]:
    return {
        **extra,
        "practice": practice,
        "attachments": [(item, attachment_url(item)) for item in practice.attachments.all()],
    }


@mesa_view
@require_GET
def practice_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    practice = practice_policy.get(actor, _practices(actor), public_id)
    slug = actor.mesa.slug

    def url(item: Any) -> str:
        return reverse(
            "exchange:practice_attachment",
            kwargs={"mesa_slug": slug, "public_id": practice.public_id, "file_id": item.public_id},
        )

    own = practice.mesa_id == actor.mesa.pk
    context = practice_context(
        practice,
        url,
        mesa=actor.mesa,
        can_edit=own and practice.status != Practice.Status.PUBLISHED and practice_policy.can(actor, "edit", practice),
        can_publish=own
        and practice.status != Practice.Status.PUBLISHED
        and practice_policy.can(actor, "publish", practice),
        withdraw_form=ReasonForm()
        if own and practice.status == Practice.Status.PUBLISHED and practice_policy.can(actor, "withdraw", practice)
        else None,
    )
    return render(request, "exchange/practice_detail.html", context)


@mesa_view
@require_POST
def practice_publish(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    practice = practice_policy.get(actor, _practices(actor), public_id)
    practice_policy.require(actor, "publish", practice)
    try:
        services.publish_practice(practice=practice, by=actor, request=request)
    except ValidationError as exc:
        _say_refused(request, exc=exc)
    else:
        messages.success(request, _("The practice is published to the network."))
    return redirect("exchange:practice", mesa_slug=actor.mesa.slug, public_id=practice.public_id)


@mesa_view
@require_POST
def practice_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = _actor(request)
    practice = practice_policy.get(actor, _practices(actor), public_id)
    practice_policy.require(actor, "withdraw", practice)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _say_refused(request, form)
    else:
        try:
            services.withdraw_practice(practice=practice, reason=form.cleaned_data["reason"], by=actor, request=request)
        except ValidationError as exc:
            _say_refused(request, exc=exc)
        else:
            messages.success(request, _("The practice was withdrawn from the network."))
    return redirect("exchange:practice", mesa_slug=actor.mesa.slug, public_id=practice.public_id)


@mesa_view
@require_GET
@never_cache
def practice_attachment(request: HttpRequest, public_id: str, file_id: str) -> HttpResponse:
    actor = _actor(request)
    practice = practice_policy.get(actor, _practices(actor), public_id)
    item = practice.attachments.filter(public_id=file_id).first()
    if item is None:
        raise Http404
    return download(request, item, mesa=actor.mesa, about={"practice": str(practice.public_id)})
