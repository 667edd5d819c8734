"""Writes on press releases and conferences, each in one transaction with its audit entry.

Publication and withdrawal are the only ways a release reaches or leaves the public: both
bump the Mesa's publication version (`mesas.services.publication_changed`) in the same
transaction, so the cached public pages never show what is no longer published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.members.access import EXECUTIVE_ROLES
from msj.members.models import Membership, Office, Seat
from msj.mesas.models import Mesa
from msj.mesas.services import publication_changed
from msj.press.models import PressConference, Protocol, Release

RELEASE_FIELDS = ("title", "summary", "body", "impact_objective", "protocol", "controversial", "consensus_note")
# Under the protocol with the authorities, one or two members of the Executive Committee (§3.4.5).
AUTHORITIES_EXECUTIVES = (1, 2)


PRESENTABLE = frozenset({Release.Status.APPROVED, Release.Status.PUBLISHED})


def _membership(by: Any) -> Membership:
    membership = getattr(by, "membership", None)
    if membership is None:
        raise ValidationError(_("Only a member of the Mesa may do this."))
    return membership  # type: ignore[no-any-return]


def current_coordinator(mesa: Mesa) -> Membership | None:
    """The Mesa's coordinator today, the spokesperson (Cuadro 13)."""
    office = (
        Office.objects.current(mesa.today())
        .filter(mesa=mesa, kind=Office.Kind.COORDINATOR)
        .select_related("membership__user")
        .first()
    )
    return office.membership if office is not None else None


def _locked(release: Release) -> Release:
    return Release.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=release.pk)


def _clean_release(release: Release) -> None:
    for name in ("title", "summary", "body", "impact_objective", "consensus_note"):
        setattr(release, name, getattr(release, name).strip())
    errors: dict[str, str] = {}
    if (
        release.title
        and Release.objects.filter(mesa=release.mesa, title__iexact=release.title).exclude(pk=release.pk).exists()
    ):
        errors["title"] = _("The Mesa already has a press release with this title.")
    if not release.impact_objective:
        errors["impact_objective"] = _("Every message needs its impact objective: what saying it is for.")
    if errors:
        raise ValidationError(errors)
    release.full_clean()


@transaction.atomic
def create_release(
    *,
    mesa: Mesa,
    by: Any,
    title: str,
    summary: str,
    body: str,
    impact_objective: str,
    protocol: str = Protocol.CITIZENS,
    controversial: bool = False,
    consensus_note: str = "",
    request: Any = None,
) -> Release:
    """Write a new draft press release."""
    release = Release(
        mesa=mesa,
        drafted_by=_membership(by),
        title=title,
        summary=summary,
        body=body,
        impact_objective=impact_objective,
        protocol=protocol,
        controversial=controversial,
        consensus_note=consensus_note,
    )
    _clean_release(release)
    release.save()
    record(AuditEvent.Action.CREATE, obj=release, actor=by, after=snapshot(release), request=request)
    return release


@transaction.atomic
def update_draft(*, release: Release, by: Any, request: Any = None, **fields: Any) -> Release:
    """Change a draft. Once approved, a release's text is what the Executive Committee approved."""
    unknown = set(fields) - set(RELEASE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown release fields: {sorted(unknown)}")
    release = _locked(release)
    if not release.is_draft:
        raise ValidationError(_("Only a draft can be changed: this release was already approved."))
    before = snapshot(release)
    for name, value in fields.items():
        setattr(release, name, value)
    _clean_release(release)
    release.save()
    after = snapshot(release)
    if after != before:
        record(AuditEvent.Action.UPDATE, obj=release, actor=by, before=before, after=after, request=request)
    return release


def _transition(release: Release, by: Any, before: dict[str, Any], request: Any, fields: list[str]) -> None:
    release.full_clean()
    release.save(update_fields=[*fields, "status", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=release, actor=by, before=before, after=snapshot(release), request=request)


def wrote_the_draft(release: Release, member: Membership) -> bool:
    """Whether `member` drafted the release or changed its draft (as the audit trail records)."""
    return AuditEvent.objects.filter(
        object_type=release._meta.label_lower,
        object_id=str(release.public_id),
        action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE],
        actor_id=member.user_id,
    ).exists()


@transaction.atomic
def approve_release(*, release: Release, by: Any, consensus_note: str = "", request: Any = None) -> Release:
    """A member of the Executive Committee who did not write the draft approves it for publication.

    A controversial release needs the consensus recorded first (Cuadro 13): on the draft, or
    given here with the approval.
    """
    release = _locked(release)
    approver = _membership(by)
    if not release.is_draft:
        raise ValidationError(_("Only a draft can be approved: this release is no longer a draft."))
    if not set(getattr(by, "roles", ())) & EXECUTIVE_ROLES:
        raise ValidationError(_("Only a member of the Executive Committee may approve a press release."))
    if approver.pk == release.drafted_by_id or wrote_the_draft(release, approver):
        raise ValidationError(
            _("Someone who did not write the draft must approve it: ask another Executive Committee member.")
        )
    before = snapshot(release)
    consensus_note = consensus_note.strip()
    if consensus_note:
        release.consensus_note = consensus_note
    if release.controversial and not release.consensus_note:
        raise ValidationError(
            {"consensus_note": _("A controversial release needs the consensus recorded before approval.")}
        )
    release.status = Release.Status.APPROVED
    release.approved_by = approver
    release.approved_at = timezone.now()
    _transition(release, by, before, request, ["consensus_note", "approved_by", "approved_at"])
    return release


@transaction.atomic
def publish_release(*, release: Release, by: Any, request: Any = None) -> Release:
    """Publish an approved release, with the coordinator as its spokesperson.

    From this moment, and only from it, the release is public: it is in `published()`, on the
    Mesa's public page and feed, and visible to the network.
    """
    release = _locked(release)
    publisher = _membership(by)
    if release.status != Release.Status.APPROVED:
        raise ValidationError(
            _("Only an approved release can be published: the Executive Committee must approve it first.")
        )
    if release.controversial and not release.consensus_note:  # approved before the rule? never publish it
        raise ValidationError(_("A controversial release needs the consensus recorded before publication."))
    spokesperson = current_coordinator(release.mesa)
    if spokesperson is None:
        raise ValidationError(_("The Mesa has no coordinator today to speak for it: a release cannot be published."))
    before = snapshot(release)
    release.status = Release.Status.PUBLISHED
    release.published_by = publisher
    release.published_at = timezone.now()
    release.spokesperson = spokesperson
    release.spokesperson_name = spokesperson.user.full_name
    _transition(release, by, before, request, ["published_by", "published_at", "spokesperson", "spokesperson_name"])
    publication_changed(release.mesa)
    return release


@transaction.atomic
def withdraw_release(*, release: Release, by: Any, reason: str, request: Any = None) -> Release:
    """Withdraw an approved or published release, saying why; it leaves the public at once."""
    release = _locked(release)
    reason = reason.strip()
    if release.status not in {Release.Status.APPROVED, Release.Status.PUBLISHED}:
        raise ValidationError(_("Only an approved or published release can be withdrawn."))
    if not reason:
        raise ValidationError({"reason": _("Say why the release is withdrawn: the reason is kept with it.")})
    before = snapshot(release)
    release.status = Release.Status.WITHDRAWN
    release.withdrawn_by = _membership(by)
    release.withdrawn_at = timezone.now()
    release.withdrawal_reason = reason
    _transition(release, by, before, request, ["withdrawn_by", "withdrawn_at", "withdrawal_reason"])
    publication_changed(release.mesa)
    return release


def _conference_snapshot(conference: PressConference) -> dict[str, Any]:
    data = snapshot(conference)
    data["participants"] = sorted(str(m.public_id) for m in conference.participants.all())
    data["seats"] = sorted(str(s.public_id) for s in conference.seats.all())
    data["releases"] = sorted(str(r.public_id) for r in conference.releases.all())
    return data


def _executive_memberships(mesa: Mesa) -> set[int]:
    kinds = [Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE]
    return set(
        Office.objects.current(mesa.today()).filter(mesa=mesa, kind__in=kinds).values_list("membership_id", flat=True)
    )


@transaction.atomic
def create_conference(
    *,
    mesa: Mesa,
    by: Any,
    starts_at: dt.datetime,
    protocol: str,
    place: str,
    topics: str,
    participants: Iterable[Membership] = (),
    seats: Iterable[Seat] = (),
    releases: Iterable[Release] = (),
    request: Any = None,
) -> PressConference:
    """Plan a press conference under one of the two protocols, with the coordinator as spokesperson.

    With the authorities: the seats of the authorities defined and one or two members of the
    Executive Committee. Citizens only: no authorities; members take part according to the topics.
    """
    participants, seats, releases = list(participants), list(seats), list(releases)
    errors: dict[str, str] = {}
    if protocol == Protocol.AUTHORITIES:
        if not seats:
            errors["seats"] = _("Choose the authorities who take part in a conference with the authorities.")
        low, high = AUTHORITIES_EXECUTIVES
        executives = _executive_memberships(mesa)
        if not low <= len(participants) <= high:
            errors["participants"] = _(
                "A conference with the authorities has one or two Executive Committee members: you chose %(count)s."
            ) % {"count": len(participants)}
        elif any(m.pk not in executives for m in participants):
            errors["participants"] = _(
                "With the authorities, the members taking part must be Executive Committee members."
            )
    else:
        if seats:
            errors["seats"] = _("A citizens-only conference has no authorities: leave the authorities empty.")
        if any(not m.is_citizen for m in participants):
            errors["participants"] = _("A citizens-only conference has only citizen members taking part.")
    if any(m.mesa_id != mesa.pk for m in participants) or any(s.mesa_id != mesa.pk for s in seats):
        errors["participants"] = _("Choose members and seats of this Mesa.")
    if any(r.mesa_id != mesa.pk for r in releases):
        errors["releases"] = _("Choose press releases of this Mesa.")
    # What the media hear was approved by the Executive Committee first (§4.10, Cuadro 13).
    elif any(r.status not in PRESENTABLE for r in releases):
        errors["releases"] = _("Only releases the Executive Committee approved can be presented to the press.")
    spokesperson = current_coordinator(mesa)
    conference = PressConference(
        mesa=mesa,
        created_by=_membership(by),
        starts_at=starts_at,
        protocol=protocol,
        place=place.strip(),
        topics=topics.strip(),
        spokesperson=spokesperson,
        spokesperson_name=spokesperson.user.full_name if spokesperson is not None else "",
    )
    try:
        conference.full_clean()
    except ValidationError as exc:
        errors = {**{k: " ".join(v) for k, v in exc.message_dict.items()}, **errors}
    if errors:
        raise ValidationError(errors)
    conference.save()
    conference.participants.set(participants)
    conference.seats.set(seats)
    conference.releases.set(releases)
    record(AuditEvent.Action.CREATE, obj=conference, actor=by, after=_conference_snapshot(conference), request=request)
    return conference


@transaction.atomic
def record_conference(
    *, conference: PressConference, by: Any, notes: str, media_present: str, request: Any = None
) -> PressConference:
    """Write the record of a conference once it has taken place: what was said and which media came."""
    conference = PressConference.objects.select_for_update().get(pk=conference.pk)
    if conference.starts_at > timezone.now():
        raise ValidationError(_("The record is written after the conference: it has not taken place yet."))
    notes = notes.strip()
    if not notes:
        raise ValidationError({"notes": _("Write what was said at the conference.")})
    before = snapshot(conference)
    conference.notes = notes
    conference.media_present = media_present.strip()
    conference.recorded_at = timezone.now()
    conference.recorded_by = _membership(by)
    conference.full_clean()
    conference.save(update_fields=["notes", "media_present", "recorded_at", "recorded_by", "updated_at"])
    record(
        AuditEvent.Action.UPDATE, obj=conference, actor=by, before=before, after=snapshot(conference), request=request
    )
    return conference
