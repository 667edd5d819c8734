"""The e-mails of a vote, each queued at most once under its own key, in the elector's language.

They say what is voted and until when, and link to the vote's page; the personal link of
the opening message is the only secret any of them carries (the outbox clears bodies once
they are sent). Counts travel only in the result, to the electorate that voted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from msj.notifications.services import queue_email

if TYPE_CHECKING:
    from msj.votes.models import Ballot, Elector, Result, Vote

REMINDER_HOURS = (48, 24)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def vote_url(vote: Vote) -> str:
    return absolute(reverse("votes:detail", kwargs={"mesa_slug": vote.mesa.slug, "public_id": vote.public_id}))


def _send(key: str, vote: Vote, elector: Elector, subject: str, template: str, context: dict[str, Any]) -> None:
    user = elector.membership.user
    with (
        translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE),
        timezone.override(vote.mesa.tzinfo),
    ):
        closes = formats.date_format(timezone.localtime(vote.closes_at), "DATETIME_FORMAT")
        body = render_to_string(
            template,
            {"vote": vote, "elector": elector, "closes": closes, "url": vote_url(vote), **context},
        )
        subject_text = subject % {"question": vote.question, "mesa": vote.mesa.name}
    queue_email(key=key, to=[elector.email], subject=subject_text, body_text=body, mesa=vote.mesa)


def opened(vote: Vote, elector: Elector, token: str) -> None:
    link = absolute(reverse("ballot", kwargs={"token": token}))
    _send(
        f"vote-opened:{vote.public_id}:{elector.public_id}",
        vote,
        elector,
        _("Vote open: %(question)s"),
        "votes/email/opened.txt",
        {"link": link},
    )


def reminder(vote: Vote, elector: Elector, hours: int) -> None:
    _send(
        f"vote-reminder-{hours}:{vote.public_id}:{elector.public_id}",
        vote,
        elector,
        _("Reminder, you have not voted yet: %(question)s"),
        "votes/email/reminder.txt",
        {"hours": hours},
    )


def receipt(vote: Vote, elector: Elector, ballot: Ballot, secret: str) -> None:
    _send(
        f"vote-receipt:{ballot.public_id}",
        vote,
        elector,
        _("Your ballot was received: %(question)s"),
        "votes/email/receipt.txt",
        {"ballot": ballot, "secret": secret},
    )


def result(vote: Vote, elector: Elector, result: Result) -> None:
    _send(
        f"vote-result:{vote.public_id}:{elector.public_id}",
        vote,
        elector,
        _("Result: %(question)s"),
        "votes/email/result.txt",
        {"result": result, "rows": result_rows(vote, result)},
    )


def result_rows(vote: Vote, result: Result) -> list[tuple[str, int]]:
    """(option, ballots) in the ballot's order, for the result e-mail and page."""
    return [(o.label, result.counts.get(o.key, 0)) for o in vote.options.all()]
