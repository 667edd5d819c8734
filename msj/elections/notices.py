"""The e-mails of an election, each queued at most once under its own key, in the recipient's language.

The vote engine already tells each elector that a vote opened, reminds them and sends them the
result with the counts (msj/votes/notices.py). These are the election's own messages: a
candidacy received by the technical secretary, candidacies forwarded to every citizen member,
the secretary's summary of a result to those who were not electors, and the new office.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from msj.members.models import Membership, Office
from msj.notifications.services import queue_email

if TYPE_CHECKING:
    from msj.accounts.models import User
    from msj.elections.models import Candidacy, ElectionVote
    from msj.mesas.models import Mesa
    from msj.votes.models import Result


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def elections_url(mesa: Mesa) -> str:
    return absolute(reverse("elections:overview", kwargs={"mesa_slug": mesa.slug}))


def secretaries(mesa: Mesa) -> list[User]:
    offices = (
        Office.objects.current(mesa.today())
        .filter(mesa=mesa, kind=Office.Kind.SECRETARY)
        .select_related("membership__user")
    )
    return [o.membership.user for o in offices]


def citizen_members(mesa: Mesa) -> list[Membership]:
    """The current active citizen members: everyone an election concerns."""
    today = mesa.today()
    rows = (
        Membership.objects.current()
        .filter(mesa=mesa, kind=Membership.Kind.CITIZEN, started_on__lte=today)
        .select_related("user", "mesa")
        .order_by("user__full_name", "pk")
    )
    return [m for m in rows if m.is_current()]


def _send(key: str, mesa: Mesa, user: User, subject: str, template: str, context: dict[str, Any]) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE), timezone.override(mesa.tzinfo):
        body = render_to_string(template, {"mesa": mesa, "recipient": user, "url": elections_url(mesa), **context})
        subject_text = subject % {"mesa": mesa.name}
    queue_email(key=key, to=[user.email], subject=subject_text, body_text=body, mesa=mesa)


def candidacy_received(candidacy: Candidacy) -> None:
    mesa = candidacy.cycle.mesa
    for user in secretaries(mesa):
        _send(
            f"election-candidacy:{candidacy.public_id}:{user.public_id}",
            mesa,
            user,
            _("Candidacy received for an alternate coordinator seat, %(mesa)s"),
            "elections/email/candidacy_received.txt",
            {"candidacy": candidacy},
        )


def candidacy_forwarded(candidacy: Candidacy, members: Iterable[Membership]) -> int:
    mesa = candidacy.cycle.mesa
    sent = 0
    for membership in members:
        _send(
            f"election-candidacy-forwarded:{candidacy.public_id}:{membership.public_id}",
            mesa,
            membership.user,
            _("Candidacy for alternate coordinator, %(mesa)s"),
            "elections/email/candidacy_forwarded.txt",
            {"candidacy": candidacy},
        )
        sent += 1
    return sent


def result_summary(election: ElectionVote, result: Result, users: Iterable[User]) -> None:
    """The secretary's summary of a closed election with the ballots per candidate."""
    vote = election.vote
    rows = [(o.label, result.counts.get(o.key, 0)) for o in vote.options.all()]
    for user in users:
        _send(
            f"election-summary:{vote.public_id}:{user.public_id}",
            vote.mesa,
            user,
            _("Election result, %(mesa)s"),
            "elections/email/result_summary.txt",
            {"election": election, "vote": vote, "result": result, "rows": rows},
        )


def took_office(office: Office) -> None:
    user = office.membership.user
    _send(
        f"election-office:{office.public_id}",
        office.mesa,
        user,
        _("You take office in %(mesa)s"),
        "elections/email/took_office.txt",
        {"office": office},
    )
