"""Writes of the charter: the network publishes a model version; a Mesa adopts a version; a member signs."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.admissions import services as admissions
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.charter.models import ADOPTABLE, SIGNED, AdoptedDocument, Kind, ModelDocument, Signature
from msj.charter.policies import SIGNER_KINDS
from msj.members.models import Membership
from msj.mesas.models import Mesa, Network

AUDITED = ["id", "public_id", "kind", "version", "title", "adopted_on", "approved_by", "based_on", "in_force"]


def _required(errors: dict[str, str], field: str, value: str, message: str) -> None:
    if not value.strip():
        errors[field] = message


@transaction.atomic
def publish_model(
    *, network: Network, kind: str, title: str, body: str, note: str = "", by: Any, request: Any = None
) -> ModelDocument:
    """Publish a new version of one of the network's model documents; earlier versions stay as they were."""
    network = Network.objects.select_for_update().get(pk=network.pk)
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose which document this is a model of.")
    _required(errors, "title", title, _("Give the document a title."))
    _required(errors, "body", body, _("Write the text of the model document."))
    if errors:
        raise ValidationError(errors)
    latest = ModelDocument.objects.filter(network=network, kind=kind).aggregate(n=Max("version"))["n"] or 0
    document = ModelDocument(
        network=network,
        kind=kind,
        version=latest + 1,
        title=title.strip(),
        body=body.strip(),
        note=note.strip(),
        published_on=timezone.localdate(),
        published_by=getattr(by, "user", by),
    )
    document.full_clean()
    document.save()
    record(
        AuditEvent.Action.CREATE,
        obj=document,
        actor=by,
        after=snapshot(document, fields=["id", "public_id", "network", "kind", "version", "title", "published_on"]),
        request=request,
    )
    return document


@transaction.atomic
def adopt(
    *,
    mesa: Mesa,
    kind: str,
    title: str,
    body: str,
    adopted_on: dt.date | None,
    approved_by: str,
    based_on: ModelDocument | None,
    by: Any,
    request: Any = None,
) -> AdoptedDocument:
    """Record a new version of the Mesa's document of `kind`; it is in force from now on.

    The version in force until now is kept, no longer in force: its signatures stay with it,
    and every member signs the new one. Adopted bylaws are also recorded as the admissions'
    bylaws, which go with every welcome letter.
    """
    mesa = Mesa.objects.select_for_update().get(pk=mesa.pk)
    current = AdoptedDocument.objects.select_for_update().filter(mesa=mesa, kind=kind, in_force=True).first()
    errors: dict[str, str] = {}
    if kind not in ADOPTABLE:
        errors["kind"] = _("A Mesa adopts its code of ethics, bylaws, convocation, minutes and welcome letter.")
    _required(errors, "title", title, _("Give the document a title."))
    _required(errors, "body", body, _("Write the text the Mesa adopts."))
    _required(errors, "approved_by", approved_by, _("Say which plenary, meeting or agreement approved this text."))
    if adopted_on is None:
        errors["adopted_on"] = _("Give the date the text was adopted.")
    elif adopted_on > mesa.today():
        errors["adopted_on"] = _("The date cannot be in the future.")
    elif current is not None and adopted_on < current.adopted_on:
        errors["adopted_on"] = _("The version in force was adopted on %(date)s: a new version cannot be older.") % {
            "date": current.adopted_on.isoformat()
        }
    if based_on is not None and (based_on.network_id != mesa.network_id or based_on.kind != kind):
        errors["based_on"] = _("Choose one of the network's models of this document.")
    if errors or adopted_on is None:
        raise ValidationError(errors)
    if current is not None:
        current.in_force = False
        current.save(update_fields=["in_force", "updated_at"])
        record(
            AuditEvent.Action.UPDATE,
            obj=current,
            actor=by,
            mesa=mesa,
            before={"in_force": True},
            after={"in_force": False},
            request=request,
        )
    latest = AdoptedDocument.objects.filter(mesa=mesa, kind=kind).aggregate(n=Max("version"))["n"] or 0
    document = AdoptedDocument(
        mesa=mesa,
        kind=kind,
        version=latest + 1,
        based_on=based_on,
        title=title.strip(),
        body=body.strip(),
        adopted_on=adopted_on,
        approved_by=approved_by.strip(),
        adopted_by=getattr(by, "membership", None),
        in_force=True,
    )
    if kind == Kind.BYLAWS:
        document.admissions_bylaws = admissions.adopt_bylaws(
            mesa=mesa, text=document.body, adopted_on=adopted_on, by=by, request=request
        )
    document.full_clean()
    document.save()
    record(
        AuditEvent.Action.CREATE, obj=document, actor=by, mesa=mesa, after=snapshot(document, AUDITED), request=request
    )
    return document


def signers(mesa: Mesa) -> list[Membership]:
    """The members who sign the code of ethics and the bylaws today: current citizens and officials."""
    today = mesa.today()
    rows = (
        Membership.objects.current()
        .filter(mesa=mesa, kind__in=SIGNER_KINDS, started_on__lte=today)
        .select_related("user", "mesa", "seat__post")
        .order_by("user__full_name", "pk")
    )
    return [m for m in rows if m.is_current()]


@transaction.atomic
def sign(*, document: AdoptedDocument, membership: Membership, request: Any = None) -> tuple[Signature, bool]:
    """Sign the version in force as `membership`; signing it twice changes nothing.

    Return the signature and whether it is new.
    """
    document = AdoptedDocument.objects.select_for_update().get(pk=document.pk)
    if document.kind not in SIGNED:
        raise ValidationError(_("Members sign the code of ethics and the bylaws only."))
    if not document.in_force:
        raise ValidationError(_("A newer version is in force: read it and sign that one."))
    if membership.mesa_id != document.mesa_id or membership.kind not in SIGNER_KINDS or not membership.is_current():
        raise ValidationError(_("Only the Mesa's current citizen and official members sign its documents."))
    existing = Signature.objects.filter(document=document, membership=membership).first()
    if existing is not None:
        return existing, False
    signature = Signature(document=document, membership=membership, signed_at=timezone.now())
    signature.full_clean()
    signature.save()
    record(
        AuditEvent.Action.CREATE,
        obj=signature,
        actor=membership.user,
        mesa=document.mesa,
        after={"document": str(document.public_id), "version": document.version, "membership": membership.pk},
        request=request,
    )
    return signature, True


@dataclass(frozen=True)
class DiffLine:
    tag: str  # "same", "removed" or "added"
    text: str


def diff(old: str, new: str) -> list[DiffLine]:
    """The lines of `new` against `old`, each kept, removed or added (the page escapes them)."""
    tags = {" ": "same", "-": "removed", "+": "added"}
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        tag = tags.get(line[:1])
        if tag is None or (tag == "same" and not line[2:].strip()):
            continue  # ndiff's "?" hints, and blank lines between unchanged paragraphs
        lines.append(DiffLine(tag, line[2:]))
    return lines
