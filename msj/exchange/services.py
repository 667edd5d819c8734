"""Writes of the exchange between Mesas, each in one transaction with its audit entry.

The views check who may act (msj/exchange/policies.py); these functions check that the act
makes sense now (a request already answered cannot be answered again) and refuse bad input
whole, with a message naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.agreements.uploads import Inspected, inspect_upload, inspect_uploads
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.models import Committee
from msj.exchange.models import (
    DirectoryCard,
    Practice,
    PracticeAttachment,
    SharedDocument,
    StoredFile,
    Twinning,
    Visit,
    VisitRecord,
)
from msj.mesas.models import Mesa
from msj.mesas.services import publication_changed

CARD_FIELDS = ["city", "presentation", "contact", "contact_phone", "listed_publicly"]
PRACTICE_FIELDS = ["committee", "title", "topic", "summary", "problem", "diagnosis", "actions", "results", "tags"]


def _user(by: Any) -> Any:
    return getattr(by, "user", by)


def _store(item: StoredFile, inspected: Inspected, stored: list[StoredFile]) -> None:
    item.original_name = inspected.name
    item.content_type = inspected.content_type
    item.size = inspected.size
    item.sha256 = inspected.sha256
    item.file.save(inspected.name, inspected.upload, save=False)
    stored.append(item)
    item.full_clean()
    item.save()


def _discard(stored: list[StoredFile]) -> None:
    """A refused write leaves no file on disk."""
    for item in stored:
        item.file.delete(save=False)


def _save_audited(
    obj: Any,
    fields: list[str],
    *,
    before: dict[str, Any],
    shown: list[str],
    by: Any,
    mesa: Mesa,
    request: HttpRequest | None,
) -> None:
    """Validate and save a change of `fields`, with its audit entry (`shown` fields after it)."""
    obj.full_clean()
    obj.save(update_fields=[*fields, "updated_at"])
    record(
        AuditEvent.Action.UPDATE,
        obj=obj,
        actor=by,
        mesa=mesa,
        before=before,
        after=snapshot(obj, shown),
        request=request,
    )


# The directory


@transaction.atomic
def save_card(
    *,
    mesa: Mesa,
    by: Any,
    city: str,
    presentation: str,
    contact: str,
    contact_phone: str,
    listed_publicly: bool,
    request: HttpRequest | None = None,
) -> DirectoryCard:
    """Create or change the Mesa's directory card; it reaches the network (and the public if listed)."""
    card = DirectoryCard.objects.select_for_update().filter(mesa=mesa).first()
    before = snapshot(card, CARD_FIELDS) if card is not None else None
    if card is None:
        card = DirectoryCard(mesa=mesa)
    card.city = city.strip()
    card.presentation = presentation.strip()
    card.contact = contact
    # A phone the Mesa no longer shows is not kept.
    card.contact_phone = contact_phone.strip() if contact == DirectoryCard.Contact.PHONE else ""
    card.listed_publicly = listed_publicly
    card.full_clean()
    after = snapshot(card, CARD_FIELDS)
    if before == after:
        return card
    card.save()
    record(
        AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
        obj=card,
        actor=by,
        mesa=mesa,
        before=before,
        after=after,
        request=request,
    )
    publication_changed(mesa)
    return card


# Twinning


@transaction.atomic
def request_twinning(
    *, committee: Committee, partner: Committee, message: str, by: Any, request: HttpRequest | None = None
) -> Twinning:
    """Ask a committee of another Mesa to twin with one of ours."""
    errors: dict[str, str] = {}
    if committee.is_dissolved or committee.is_restricted:
        errors["committee"] = _("This committee cannot be twinned.")
    if partner.is_dissolved or partner.is_restricted:
        errors["partner"] = _("This committee cannot be twinned.")
    elif not DirectoryCard.objects.filter(mesa_id=partner.mesa_id).exists():
        errors["partner"] = _("Choose a committee of a Mesa listed in the directory.")
    elif Twinning.objects.filter(
        committee__in=[committee, partner], partner__in=[committee, partner], status__in=Twinning.OPEN
    ).exists():
        errors["partner"] = _("These two committees are already twinned, or a request between them is pending.")
    if errors:
        raise ValidationError(errors)
    twinning = Twinning(committee=committee, partner=partner, message=message.strip(), requested_by=_user(by))
    twinning.full_clean()
    twinning.save()
    record(
        AuditEvent.Action.CREATE, obj=twinning, actor=by, mesa=committee.mesa, after=snapshot(twinning), request=request
    )
    return twinning


@transaction.atomic
def decide_twinning(
    *, twinning: Twinning, accept: bool, reason: str = "", by: Any, request: HttpRequest | None = None
) -> Twinning:
    """The receiving side accepts the twinning (the shared space opens) or declines it."""
    twinning = Twinning.objects.select_for_update(of=("self",)).select_related("partner__mesa").get(pk=twinning.pk)
    if twinning.status != Twinning.Status.REQUESTED:
        raise ValidationError(_("This request has been answered already."))
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Say why the request is declined.")})
    before = snapshot(twinning, ["status"])
    twinning.status = Twinning.Status.ACTIVE if accept else Twinning.Status.DECLINED
    twinning.decline_reason = "" if accept else reason.strip()
    twinning.decided_by = _user(by)
    twinning.decided_on = twinning.partner.mesa.today()
    _save_audited(
        twinning,
        ["status", "decline_reason", "decided_by", "decided_on"],
        before=before,
        shown=["status", "decline_reason", "decided_on"],
        by=by,
        mesa=twinning.partner.mesa,
        request=request,
    )
    return twinning


@transaction.atomic
def end_twinning(
    *, twinning: Twinning, mesa: Mesa, reason: str, by: Any, request: HttpRequest | None = None
) -> Twinning:
    """End a twinning (or withdraw a pending request); afterwards each side sees only its own documents."""
    twinning = Twinning.objects.select_for_update().get(pk=twinning.pk)
    if twinning.status not in Twinning.OPEN:
        raise ValidationError(_("This twinning is no longer running."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the twinning ends.")})
    before = snapshot(twinning, ["status"])
    twinning.status = Twinning.Status.ENDED
    twinning.ended_by = _user(by)
    twinning.ended_on = mesa.today()
    twinning.end_reason = reason.strip()
    if twinning.decided_on is None:
        twinning.decided_on = twinning.ended_on
    twinning.full_clean()
    twinning.save()
    record(
        AuditEvent.Action.UPDATE,
        obj=twinning,
        actor=by,
        mesa=mesa,
        before=before,
        after=snapshot(twinning, ["status", "ended_on", "end_reason"]),
        request=request,
    )
    return twinning


def share_document(
    *, twinning: Twinning, mesa: Mesa, title: str, upload: Any, by: Any, request: HttpRequest | None = None
) -> SharedDocument:
    """Put one document in the twinning's shared space; the file is checked before anything is written."""
    if upload is None:
        raise ValidationError({"file": _("Choose the file to share.")})
    try:
        inspected = inspect_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    stored: list[StoredFile] = []
    try:
        with transaction.atomic():
            twinning = Twinning.objects.select_for_update().get(pk=twinning.pk)
            if twinning.status != Twinning.Status.ACTIVE:
                raise ValidationError(_("Documents are shared only while the twinning is active."))
            document = SharedDocument(twinning=twinning, mesa=mesa, title=title.strip(), shared_by=_user(by))
            _store(document, inspected, stored)
            record(
                AuditEvent.Action.CREATE,
                obj=document,
                actor=by,
                mesa=mesa,
                after={"twinning": str(twinning.public_id), "title": document.title, "sha256": document.sha256},
                request=request,
            )
            return document
    except BaseException:
        _discard(stored)
        raise


# Induction visits


@transaction.atomic
def request_visit(
    *,
    visitor: Mesa,
    host: Mesa,
    wished_on: dt.date,
    visitors: str,
    purpose: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Visit:
    """Ask another Mesa to receive some of ours at one of its plenaries."""
    errors: dict[str, str] = {}
    if host.pk == visitor.pk:
        errors["host"] = _("Choose another Mesa to visit.")
    if wished_on < visitor.today():
        errors["wished_on"] = _("The date wished cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        visitor=visitor,
        host=host,
        wished_on=wished_on,
        visitors=visitors.strip(),
        purpose=purpose.strip(),
        requested_by=_user(by),
    )
    visit.full_clean()
    visit.save()
    record(AuditEvent.Action.CREATE, obj=visit, actor=by, mesa=visitor, after=snapshot(visit), request=request)
    return visit


@transaction.atomic
def decide_visit(
    *,
    visit: Visit,
    accept: bool,
    plenary_on: dt.date | None = None,
    reason: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> Visit:
    """The host accepts, naming the plenary the visitors attend, or declines with a reason."""
    visit = Visit.objects.select_for_update(of=("self",)).select_related("host").get(pk=visit.pk)
    if visit.status != Visit.Status.REQUESTED:
        raise ValidationError(_("This request has been answered already."))
    if accept:
        if plenary_on is None:
            raise ValidationError({"plenary_on": _("Choose the date of the plenary the visitors attend.")})
        if plenary_on < visit.host.today():
            raise ValidationError({"plenary_on": _("The plenary date cannot be in the past.")})
    elif not reason.strip():
        raise ValidationError({"reason": _("Say why the visit is declined.")})
    before = snapshot(visit, ["status"])
    visit.status = Visit.Status.ACCEPTED if accept else Visit.Status.DECLINED
    visit.plenary_on = plenary_on if accept else None
    visit.decline_reason = "" if accept else reason.strip()
    visit.decided_by = _user(by)
    _save_audited(
        visit,
        ["status", "plenary_on", "decline_reason", "decided_by"],
        before=before,
        shown=["status", "plenary_on", "decline_reason"],
        by=by,
        mesa=visit.host,
        request=request,
    )
    return visit


@transaction.atomic
def record_visit(
    *, visit: Visit, mesa: Mesa, attendees: str, notes: str, by: Any, request: HttpRequest | None = None
) -> VisitRecord:
    """Record, on one side, the visit that took place: its own record, read only in its own Mesa."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.ACCEPTED or visit.plenary_on is None:
        raise ValidationError(_("Only an accepted visit can be recorded."))
    if visit.plenary_on > mesa.today():
        raise ValidationError(_("The visit can be recorded once the plenary has taken place."))
    if VisitRecord.objects.filter(visit=visit, mesa=mesa).exists():
        raise ValidationError(_("Your Mesa has recorded this visit already."))
    item = VisitRecord(visit=visit, mesa=mesa, attendees=attendees.strip(), notes=notes.strip(), recorded_by=_user(by))
    item.full_clean()
    item.save()
    record(AuditEvent.Action.CREATE, obj=item, actor=by, mesa=mesa, after=snapshot(item), request=request)
    return item


# The library of practices


def save_practice(
    *,
    mesa: Mesa,
    practice: Practice | None,
    values: dict[str, Any],
    files: Iterable[Any] = (),
    by: Any,
    request: HttpRequest | None = None,
) -> Practice:
    """Write a practice's draft (new or changed) with its attachments; a published one is withdrawn first."""
    inspected = inspect_uploads(list(files))
    stored: list[StoredFile] = []
    try:
        with transaction.atomic():
            return _save_practice(
                mesa=mesa, practice=practice, values=values, inspected=inspected, stored=stored, by=by, request=request
            )
    except BaseException:
        _discard(stored)
        raise


def _save_practice(
    *,
    mesa: Mesa,
    practice: Practice | None,
    values: dict[str, Any],
    inspected: list[Inspected],
    stored: list[StoredFile],
    by: Any,
    request: HttpRequest | None,
) -> Practice:
    before = None
    if practice is None:
        practice = Practice(mesa=mesa, created_by=_user(by))
    else:
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        if practice.status == Practice.Status.PUBLISHED:
            raise ValidationError(_("Withdraw the practice from the network before changing it."))
        before = snapshot(practice, PRACTICE_FIELDS)
    for name in PRACTICE_FIELDS:
        value = values.get(name)
        setattr(practice, name, value.strip() if isinstance(value, str) else value)
    practice.full_clean()
    practice.save()
    for item in inspected:
        _store(PracticeAttachment(practice=practice), item, stored)
    record(
        AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
        obj=practice,
        actor=by,
        mesa=mesa,
        before=before,
        after={**snapshot(practice, PRACTICE_FIELDS), "attachments": [s.original_name for s in stored]},
        request=request,
    )
    return practice


@transaction.atomic
def publish_practice(*, practice: Practice, by: Any, request: HttpRequest | None = None) -> Practice:
    """Publish the practice to the network: an explicit act, after which every Mesa of the network reads it."""
    practice = Practice.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=practice.pk)
    if practice.status == Practice.Status.PUBLISHED:
        raise ValidationError(_("The practice is published already."))
    before = snapshot(practice, ["status"])
    practice.status = Practice.Status.PUBLISHED
    practice.published_at = timezone.now()
    practice.published_by = _user(by)
    _save_audited(
        practice,
        ["status", "published_at", "published_by"],
        before=before,
        shown=["status", "published_at"],
        by=by,
        mesa=practice.mesa,
        request=request,
    )
    publication_changed(practice.mesa)
    return practice


@transaction.atomic
def withdraw_practice(*, practice: Practice, reason: str, by: Any, request: HttpRequest | None = None) -> Practice:
    """Take a published practice back from the network; the withdrawal and its reason are recorded."""
    practice = Practice.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=practice.pk)
    if practice.status != Practice.Status.PUBLISHED:
        raise ValidationError(_("Only a published practice can be withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the practice is withdrawn.")})
    before = snapshot(practice, ["status"])
    practice.status = Practice.Status.WITHDRAWN
    practice.withdrawn_at = timezone.now()
    practice.withdrawal_reason = reason.strip()
    _save_audited(
        practice,
        ["status", "withdrawn_at", "withdrawal_reason"],
        before=before,
        shown=["status", "withdrawn_at", "withdrawal_reason"],
        by=by,
        mesa=practice.mesa,
        request=request,
    )
    publication_changed(practice.mesa)
    return practice
