"""The network staff's pages of the Encuentro Nacional, under /network/<network-slug>/encuentros/.

Network staff keep the Encuentro: its edition and registration window, the agenda, the
check-in list and the matrix of the agreements taken there. They see of each Mesa only the
names of the delegates it registered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.audit.services import record_export
from msj.encuentros import exports, services
from msj.encuentros.forms import (
    AgendaItemForm,
    AttendanceForm,
    EncuentroForm,
    FollowUpForm,
    NetworkAgreementForm,
    add_service_errors,
    form_errors,
    refusal,
)
from msj.encuentros.models import (
    AgendaItem,
    Delegate,
    Encuentro,
    NetworkAgreement,
    network_time_zone,
    network_today,
)
from msj.meetings.models import Attendance
from msj.mesas.models import Mesa
from msj.network.access import network_view


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """network_view, with times read and shown in the network's time zone."""

    @network_view
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(network_time_zone()):
            return view(request, *args, **kwargs)

    return wrapper


def _encuentro(request: HttpRequest, public_id: Any) -> Encuentro:
    network = request.network  # type: ignore[attr-defined]
    return get_object_or_404(Encuentro.objects.filter(network=network).select_related("network"), public_id=public_id)


def _agreement(encuentro: Encuentro, agreement_id: Any) -> NetworkAgreement:
    return get_object_or_404(services.with_last_follow_up(encuentro.agreements.all()), public_id=agreement_id)


@dataclass
class MesaRegistration:
    """What the network sees of one Mesa at the Encuentro: who it registered and who came."""

    mesa: Mesa
    delegates: list[Delegate] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return len(self.delegates)

    def count(self, status: str) -> int:
        return sum(1 for d in self.delegates if d.attendance == status)

    @property
    def present(self) -> int:
        return self.count(Attendance.Status.PRESENT)

    @property
    def justified(self) -> int:
        return self.count(Attendance.Status.JUSTIFIED)

    @property
    def unjustified(self) -> int:
        return self.count(Attendance.Status.UNJUSTIFIED)


def registrations(encuentro: Encuentro) -> list[MesaRegistration]:
    """Every operating Mesa of the network, and any other that registered someone, with its delegates."""
    by_mesa: dict[int, MesaRegistration] = {
        m.pk: MesaRegistration(m) for m in encuentro.network.mesas.filter(status=Mesa.Status.OPERATING)
    }
    for delegate in Delegate.objects.filter(encuentro=encuentro).select_related("mesa").order_by("name", "pk"):
        by_mesa.setdefault(delegate.mesa_id, MesaRegistration(delegate.mesa)).delegates.append(delegate)
    return sorted(by_mesa.values(), key=lambda r: r.mesa.name)


@staff_view
@require_GET
def encuentro_list(request: HttpRequest) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    return render(
        request,
        "encuentros/network_list.html",
        {"network": network, "encuentros": Encuentro.objects.filter(network=network).order_by("-year")},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def encuentro_form(request: HttpRequest, public_id: Any = None) -> HttpResponse:
    """Create an Encuentro, or change one (its status opens and closes the registration)."""
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id) if public_id is not None else None
    form = EncuentroForm(request.POST or None, instance=encuentro, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_encuentro(
                network=network,
                by=request.user,
                values=form.cleaned_data,
                encuentro=encuentro,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The Encuentro was saved."))
            return redirect("encuentros_network:detail", network_slug=network.slug, public_id=saved.public_id)
    return render(request, "encuentros/network_form.html", {"network": network, "encuentro": encuentro, "form": form})


@staff_view
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    rows = registrations(encuentro)
    agreements = encuentro.agreements.all()
    return render(
        request,
        "encuentros/network_detail.html",
        {
            "network": network,
            "encuentro": encuentro,
            "rows": rows,
            "registered": sum(r.registered for r in rows),
            "present": sum(r.present for r in rows),
            "agenda": encuentro.agenda.select_related("presenter_mesa"),
            "agenda_form": AgendaItemForm(network=network),
            "agreements": agreements.count(),
            "overdue": agreements.overdue(network_today()).count(),
            "registration_open": encuentro.registration_is_open(timezone.now()),
        },
    )


@staff_view
@require_POST
def agenda_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    form = AgendaItemForm(request.POST, network=network)
    if not form.is_valid():
        messages.error(request, _("The item was not added. %(errors)s") % {"errors": form_errors(form)})
    else:
        try:
            services.add_agenda_item(encuentro=encuentro, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _("The item was not added. %(errors)s") % {"errors": refusal(error)})
        else:
            messages.success(request, _("The item was added to the agenda."))
    return redirect("encuentros_network:detail", network_slug=network.slug, public_id=encuentro.public_id)


@staff_view
@require_POST
def agenda_remove(request: HttpRequest, public_id: Any, item_id: Any) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    item = get_object_or_404(AgendaItem.objects.filter(encuentro=encuentro), public_id=item_id)
    services.remove_agenda_item(item=item, by=request.user, request=request)
    messages.success(request, _("The item was removed from the agenda."))
    return redirect("encuentros_network:detail", network_slug=network.slug, public_id=encuentro.public_id)


@staff_view
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The check-in list: every registered delegate, by Mesa, and who attended."""
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    delegates = list(
        Delegate.objects.filter(encuentro=encuentro).select_related("mesa").order_by("mesa__name", "name", "pk")
    )
    form = AttendanceForm(request.POST or None, delegates=delegates)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.record_attendance(
                encuentro=encuentro, entries=form.entries(), by=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(n)d attendance was recorded.", "%(n)d attendances were recorded.", changed)
                % {"n": changed},
            )
            return redirect("encuentros_network:attendance", network_slug=network.slug, public_id=public_id)
    return render(
        request,
        "encuentros/network_attendance.html",
        {"network": network, "encuentro": encuentro, "form": form, "rows": registrations(encuentro)},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def agreements(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The matrix of the agreements taken at the Encuentro, and the form to record one."""
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    form = NetworkAgreementForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.create_agreement(
                encuentro=encuentro, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement %(code)s was recorded.") % {"code": agreement.code})
            return redirect("encuentros_network:agreements", network_slug=network.slug, public_id=public_id)
    today = network_today()
    rows = [(a, a.is_overdue(today)) for a in services.matrix_rows(encuentro)]
    return render(
        request,
        "encuentros/network_agreements.html",
        {"network": network, "encuentro": encuentro, "rows": rows, "form": form},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, public_id: Any, agreement_id: Any) -> HttpResponse:
    """One agreement: its timeline, a follow-up, and its correction (text, responsible, due date)."""
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    row = _agreement(encuentro, agreement_id)
    initial = {
        "text": row.text,
        "network_responsible": row.network_responsible,
        "responsible_mesas": list(row.responsible_mesas.all()),
        "due_on": row.due_on,
    }
    form = NetworkAgreementForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agreement(agreement=row, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement %(code)s was changed.") % {"code": row.code})
            return redirect(
                "encuentros_network:agreement",
                network_slug=network.slug,
                public_id=public_id,
                agreement_id=agreement_id,
            )
    return _agreement_page(request, encuentro, row, form=form, follow_up_form=FollowUpForm(network_side=True))


def _agreement_page(
    request: HttpRequest, encuentro: Encuentro, row: NetworkAgreement, *, form: Any, follow_up_form: Any
) -> HttpResponse:
    return render(
        request,
        "encuentros/network_agreement.html",
        {
            "network": encuentro.network,
            "encuentro": encuentro,
            "agreement": row,
            "overdue": row.is_overdue(network_today()),
            "timeline": row.follow_ups.select_related("mesa", "author").order_by("-on", "-created_at", "-pk"),
            "form": form,
            "follow_up_form": follow_up_form,
        },
    )


@staff_view
@require_POST
def agreement_follow_up(request: HttpRequest, public_id: Any, agreement_id: Any) -> HttpResponse:
    network = request.network  # type: ignore[attr-defined]
    encuentro = _encuentro(request, public_id)
    row = _agreement(encuentro, agreement_id)
    form = FollowUpForm(request.POST, network_side=True)
    if form.is_valid():
        try:
            services.add_follow_up(agreement=row, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect(
                "encuentros_network:agreement",
                network_slug=network.slug,
                public_id=public_id,
                agreement_id=agreement_id,
            )
    edit = NetworkAgreementForm(
        network=network,
        initial={
            "text": row.text,
            "network_responsible": row.network_responsible,
            "responsible_mesas": list(row.responsible_mesas.all()),
            "due_on": row.due_on,
        },
    )
    return _agreement_page(request, encuentro, row, form=edit, follow_up_form=form)


@staff_view
@require_GET
@never_cache
def export(request: HttpRequest, public_id: Any, fmt: str) -> HttpResponse:
    """The whole matrix as XLSX or CSV; audited as an export."""
    encuentro = _encuentro(request, public_id)
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    rows = list(services.matrix_rows(encuentro))
    today = network_today()
    name = f"encuentro-{encuentro.year}-acuerdos-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows, today), content_type="text/csv; charset=utf-8")
    else:
        content = exports.to_xlsx(
            rows,
            today,
            encuentro=encuentro,
            exported_by=request.user.full_name or request.user.email,  # type: ignore[union-attr]
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_export(actor=request.user, mesa=None, what=f"encuentros.agreements.{fmt}", request=request)
    return response
