"""The e-mails of an admission, each queued at most once under its own key, in the reader's language.

They name the candidate and link to the application's page, which only those allowed to
see the application can open; the candidate's files never travel by e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from msj.members.models import Membership, Office
from msj.notifications.services import queue_email

if TYPE_CHECKING:
    from msj.accounts.models import User
    from msj.admissions.models import Application, Bylaws
    from msj.committees.models import CommitteeMember
    from msj.mesas.models import Mesa


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def application_url(application: Application) -> str:
    return absolute(
        reverse("admissions:detail", kwargs={"mesa_slug": application.mesa.slug, "public_id": application.public_id})
    )


def _language(user: User | None) -> str:
    return getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE


def _send(
    key: str,
    *,
    application: Application,
    to: str,
    user: User | None,
    subject: str,
    template: str,
    context: dict[str, Any] | None = None,
    attachments: Sequence[dict[str, Any]] = (),
) -> None:
    mesa = application.mesa
    with translation.override(_language(user)), timezone.override(mesa.tzinfo):
        body = render_to_string(
            template,
            {
                "application": application,
                "mesa": mesa,
                "recipient": user,
                "url": application_url(application),
                "site_url": settings.SITE_URL,
                **(context or {}),
            },
        )
        subject_text = subject % {"name": application.candidate_name, "mesa": mesa.name}
    queue_email(key=key, to=[to], subject=subject_text, body_text=body, mesa=mesa, attachments=attachments)


def _to_people(
    key: str, application: Application, users: Iterable[User], subject: str, template: str, **context: Any
) -> None:
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        _send(
            f"{key}:{application.public_id}:{user.public_id}",
            application=application,
            to=user.email,
            user=user,
            subject=subject,
            template=template,
            context=context,
        )


def _office_holders(mesa: Mesa, kinds: Iterable[str]) -> list[User]:
    offices = (
        Office.objects.current(mesa.today())
        .filter(mesa=mesa, kind__in=list(kinds))
        .select_related("membership__user")
        .order_by("membership__user__full_name")
    )
    return [o.membership.user for o in offices if o.membership.is_current()]


def executive_and_secretary(mesa: Mesa) -> list[User]:
    return _office_holders(
        mesa, [Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE, Office.Kind.SECRETARY]
    )


def secretary(mesa: Mesa) -> list[User]:
    return _office_holders(mesa, [Office.Kind.SECRETARY])


def citizen_members(mesa: Mesa) -> list[User]:
    """Every active citizen member today (those who will vote)."""
    today = mesa.today()
    rows = (
        Membership.objects.current()
        .filter(mesa=mesa, kind=Membership.Kind.CITIZEN, started_on__lte=today)
        .select_related("user", "mesa")
        .order_by("user__full_name")
    )
    return [m.user for m in rows if m.is_current()]


def submitted(application: Application) -> None:
    _to_people(
        "admission-submitted",
        application,
        executive_and_secretary(application.mesa),
        _("New application for admission: %(name)s"),
        "admissions/email/submitted.txt",
    )


def reviewed(application: Application) -> None:
    people = [application.proposer.user, *executive_and_secretary(application.mesa)]
    _to_people(
        "admission-reviewed",
        application,
        people,
        _("Application of %(name)s reviewed"),
        "admissions/email/reviewed.txt",
    )


def distributed(application: Application) -> None:
    _to_people(
        "admission-cv",
        application,
        citizen_members(application.mesa),
        _("Candidate for admission: %(name)s"),
        "admissions/email/distributed.txt",
    )


def presented(application: Application) -> None:
    due = formats.date_format(application.presented_on, "DATE_FORMAT") if application.presented_on else ""
    _to_people(
        "admission-presented",
        application,
        [application.proposer.user, *secretary(application.mesa)],
        _("%(name)s was presented at the citizens' meeting"),
        "admissions/email/presented.txt",
        due=due,
    )


def result(application: Application) -> None:
    """Tell the proposer, the Executive Committee and the secretary the outcome of the vote."""
    assert application.vote is not None  # noqa: S101 - only called once a vote closed
    _to_people(
        f"admission-result:{application.vote.public_id}",
        application,
        [application.proposer.user, *executive_and_secretary(application.mesa)],
        _("Result of the vote on %(name)s"),
        "admissions/email/result.txt",
        vote_url=absolute(
            reverse(
                "votes:detail",
                kwargs={"mesa_slug": application.mesa.slug, "public_id": application.vote.public_id},
            )
        ),
    )


def welcome(application: Application, user: User, bylaws: Bylaws | None) -> None:
    """The welcome letter, with the Mesa's bylaws in force attached as a text file."""
    attachments = []
    if bylaws is not None:
        attachments.append(
            {
                "filename": f"reglamento-{application.mesa.slug}-v{bylaws.version}.txt",
                "content": bylaws.text,
                "mimetype": "text/plain",
            }
        )
    _send(
        f"admission-welcome:{application.public_id}",
        application=application,
        to=user.email,
        user=user,
        subject=_("Welcome to %(mesa)s"),
        template="admissions/email/welcome.txt",
        context={"bylaws": bylaws},
        attachments=attachments,
    )


def not_admitted(application: Application) -> None:
    _send(
        f"admission-not-admitted:{application.public_id}",
        application=application,
        to=application.candidate_email,
        user=None,
        subject=_("Your application to %(mesa)s"),
        template="admissions/email/not_admitted.txt",
    )


def signed(application: Application) -> None:
    assert application.membership is not None  # noqa: S101 - signing needs the new membership
    _to_people(
        "admission-signed",
        application,
        [application.membership.user, *secretary(application.mesa)],
        _("%(name)s signed the bylaws"),
        "admissions/email/signed.txt",
    )


def committee_requested(application: Application, member: CommitteeMember) -> None:
    """Ask the committee's coordinator (and alternate) to endorse the new member."""
    from msj.committees.models import CommitteeMember as Row

    officers = (
        Row.objects.serving()
        .filter(committee=member.committee, role__in=[Row.Role.COORDINATOR, Row.Role.ALTERNATE])
        .select_related("membership__user")
    )
    committee_url = absolute(
        reverse(
            "committees:detail",
            kwargs={"mesa_slug": application.mesa.slug, "public_id": member.committee.public_id},
        )
    )
    _to_people(
        f"admission-committee:{member.public_id}",
        application,
        [o.membership.user for o in officers],
        _("%(name)s asks to join your committee"),
        "admissions/email/committee.txt",
        committee=member.committee,
        committee_url=committee_url,
    )
