"""Writes on the security agenda and its diagnoses, each in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.models import Committee
from msj.mesas.models import Mesa
from msj.topics.models import Diagnosis, Topic

DIAGNOSIS_FIELDS = ("incidence", "capacity", "needs", "strengths", "weaknesses", "opportunities", "threats")


def _topic_snapshot(topic: Topic) -> dict[str, Any]:
    data = snapshot(topic)
    data["committees"] = sorted(str(c.public_id) for c in topic.committees.all())
    return data


def _validate_topic(topic: Topic, committees: list[Committee]) -> None:
    mesa = topic.mesa
    errors: dict[str, str] = {}
    topic.title = topic.title.strip()
    if not topic.title:
        errors["title"] = _("Give the topic a title.")
    elif Topic.objects.filter(mesa=mesa, title__iexact=topic.title).exclude(pk=topic.pk).exists():
        errors["title"] = _("The security agenda already has a topic with this title.")
    meeting = topic.approved_at
    if meeting is not None:
        if meeting.mesa_id != mesa.pk or meeting.kind != "plenary":  # type: ignore[attr-defined]
            errors["approved_at"] = _("Choose a plenary of this Mesa.")
        elif topic.approved_on is None:
            # The plenary's date, where the Mesa sits, is the date of approval.
            topic.approved_on = timezone.localdate(meeting.starts_at, timezone=mesa.tzinfo)  # type: ignore[attr-defined]
    if topic.status == Topic.Status.ACTIVE and topic.approved_on is None:
        errors["approved_on"] = _("A topic on the agenda needs the date the plenary approved it.")
    if topic.approved_on is not None and topic.approved_on > mesa.today():
        errors["approved_on"] = _("The approval cannot be dated in the future.")
    if any(c.mesa_id != mesa.pk for c in committees):
        errors["committees"] = _("Choose committees of this Mesa.")
    if errors:
        raise ValidationError(errors)
    topic.full_clean()


@transaction.atomic
def create_topic(
    *,
    mesa: Mesa,
    title: str,
    by: Any,
    description: str = "",
    status: str = Topic.Status.PROPOSED,
    approved_on: dt.date | None = None,
    approved_at: Any = None,
    committees: Iterable[Committee] = (),
    request: Any = None,
) -> Topic:
    """Put a topic on the Mesa's security agenda (proposed, or approved at a plenary)."""
    committees = list(committees)
    topic = Topic(
        mesa=mesa,
        title=title,
        description=description.strip(),
        status=status,
        approved_on=approved_on,
        approved_at=approved_at,
    )
    _validate_topic(topic, committees)
    topic.save()
    topic.committees.set(committees)
    record(AuditEvent.Action.CREATE, obj=topic, actor=by, after=_topic_snapshot(topic), request=request)
    return topic


@transaction.atomic
def update_topic(
    *,
    topic: Topic,
    title: str,
    description: str,
    status: str,
    approved_on: dt.date | None,
    approved_at: Any,
    committees: Iterable[Committee],
    by: Any,
    request: Any = None,
) -> Topic:
    """Change a topic of the agenda: its status, its approval, its committees."""
    topic = Topic.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=topic.pk)
    before = _topic_snapshot(topic)
    committees = list(committees)
    topic.title = title
    topic.description = description.strip()
    topic.status = status
    topic.approved_on = approved_on
    topic.approved_at = approved_at
    _validate_topic(topic, committees)
    topic.save()
    topic.committees.set(committees)
    after = _topic_snapshot(topic)
    if after != before:
        record(AuditEvent.Action.UPDATE, obj=topic, actor=by, before=before, after=after, request=request)
    return topic


@transaction.atomic
def write_diagnosis(*, topic: Topic, by: Any, request: Any = None, **sections: str) -> Diagnosis:
    """Write a new version of the topic's diagnosis; earlier versions stay as they were.

    The topic's row is locked while numbering, so two people saving at once get two
    successive versions instead of a clash.
    """
    unknown = set(sections) - set(DIAGNOSIS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown diagnosis sections: {sorted(unknown)}")
    topic = Topic.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=topic.pk)
    texts = {name: (sections.get(name) or "").strip() for name in DIAGNOSIS_FIELDS}
    if not any(texts.values()):
        raise ValidationError(_("Write at least one part of the diagnosis."))
    latest = topic.diagnoses.order_by("-version").first()
    if latest is not None and all(getattr(latest, name) == text for name, text in texts.items()):
        raise ValidationError(
            _("Nothing changed since version %(version)s: no new version was written."),
            params={"version": latest.version},
        )
    version = (topic.diagnoses.aggregate(n=Max("version"))["n"] or 0) + 1
    diagnosis = Diagnosis(topic=topic, version=version, author=getattr(by, "user", by), **texts)
    diagnosis.full_clean()
    diagnosis.save()
    record(
        AuditEvent.Action.CREATE,
        obj=diagnosis,
        actor=by,
        mesa=topic.mesa,
        after=snapshot(diagnosis),
        request=request,
    )
    return diagnosis
