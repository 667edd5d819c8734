"""The rules of the Honour and Justice Committee (DOMAIN.md §4.3), each in one named function.

- `check_panel_addition`: who may join a case's committee, up to three former coordinators and
  up to three guests on top of the Executive Committee;
- `case_may_be_decided`: every party has been heard, or refused to be heard;
- `check_sanction`: the graded sanctions (warning, suspension on repetition, grave suspension).

Each raises or answers without writing, so that services.py and the pages ask the same question.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from msj.honour.models import Case, Decision, Hearing, PanelMember
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa

MAX_FORMER_COORDINATORS = 3
MAX_GUESTS = 3
# The offices that make up the Executive Committee (DOMAIN.md §4.5).
EXECUTIVE_OFFICES = (Office.Kind.COORDINATOR, Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE)


def executive_offices(mesa: Mesa) -> QuerySet[Office]:
    """The Executive Committee's current offices in `mesa`, today where the Mesa sits."""
    return Office.objects.current(mesa.today()).filter(mesa=mesa, kind__in=EXECUTIVE_OFFICES)


def former_coordinators(mesa: Mesa) -> QuerySet[Membership]:
    """Places in `mesa` under which someone held the coordinator's office, a term now ended."""
    ended = Office.objects.filter(
        mesa=mesa, kind=Office.Kind.COORDINATOR, ended_on__isnull=False, ended_on__lte=mesa.today()
    )
    return Membership.objects.filter(mesa=mesa, pk__in=ended.values("membership"))


def check_panel_addition(
    *, case: Case, kind: str, membership: Membership | None = None, user: Any = None, email: str = ""
) -> None:
    """Refuse a person the case's committee may not take, naming the field; else return None.

    The committee is the Executive Committee (by office) plus up to `MAX_FORMER_COORDINATORS`
    former coordinators of this Mesa and up to `MAX_GUESTS` guests. No party to the case sits
    on it, nobody sits twice, and officials never sit on it (DOMAIN.md §2.7.1).
    """
    field = "former_coordinator" if kind == PanelMember.Kind.FORMER_COORDINATOR else "email"
    if kind not in (PanelMember.Kind.FORMER_COORDINATOR, PanelMember.Kind.GUEST):
        raise ValidationError(
            {"kind": _("Add a former coordinator or a guest: the Executive Committee sits by office.")}
        )
    if not case.is_open:
        raise ValidationError(_("This case is no longer open: its committee cannot change."))
    if kind == PanelMember.Kind.FORMER_COORDINATOR:
        if membership is None:
            raise ValidationError({field: _("Choose the former coordinator.")})
        if membership.mesa_id != case.mesa_id or not former_coordinators(case.mesa).filter(pk=membership.pk).exists():
            raise ValidationError({field: _("This person has not been a coordinator of this Mesa.")})
        user = membership.user
        email = user.email
    if user is None and not email:
        raise ValidationError({field: _("Give the guest's e-mail address.")})
    email = email.strip().lower()
    # A person is one user and one address: either identifies a party or someone already seated.
    parties = case.parties()
    if any(p.user_id == getattr(user, "pk", None) or p.user.email.lower() == email for p in parties):
        raise ValidationError({field: _("A party to the case cannot sit on its committee.")})
    if user is not None:
        if executive_offices(case.mesa).filter(membership__user=user).exists():
            raise ValidationError(
                {field: _("This person already sits on the committee as an Executive Committee member.")}
            )
        if Membership.objects.filter(
            mesa=case.mesa, user=user, kind=Membership.Kind.OFFICIAL, ended_on__isnull=True
        ).exists():
            raise ValidationError({field: _("Officials do not sit on the Honour and Justice Committee.")})
    seated = PanelMember.objects.filter(case=case)
    if seated.filter(email__iexact=email).exists() or (user is not None and seated.filter(user=user).exists()):
        raise ValidationError({field: _("This person is already on the committee for this case.")})
    if kind == PanelMember.Kind.FORMER_COORDINATOR:
        if seated.filter(kind=kind).count() >= MAX_FORMER_COORDINATORS:
            raise ValidationError(
                {field: _("The committee already has three former coordinators, the most it may have.")}
            )
    elif seated.filter(kind=kind).count() >= MAX_GUESTS:
        raise ValidationError({field: _("The committee already has three guests, the most it may have.")})


def parties_not_heard(case: Case) -> list[Membership]:
    """The parties with neither a recorded hearing nor a recorded refusal to be heard."""
    recorded = set(Hearing.objects.filter(case=case).values_list("party_id", flat=True))
    return [p for p in case.parties() if p.pk not in recorded]


def case_may_be_decided(case: Case) -> bool:
    """Whether every party has been heard, or refused to be heard: only then may the committee decide."""
    return case.is_open and not parties_not_heard(case)


def has_prior_warning(case: Case) -> bool:
    """Whether the respondent already has a written warning from another decided case in this Mesa."""
    return (
        Decision.objects.filter(
            case__mesa_id=case.mesa_id,
            case__respondent__user_id=case.respondent.user_id,
            case__status=Case.Status.DECIDED,
            sanction=Decision.Sanction.WRITTEN_WARNING,
        )
        .exclude(case=case)
        .exists()
    )


def check_sanction(*, case: Case, sanction: str, grave: bool, grave_reason: str) -> None:
    """Refuse a sanction the grading does not allow, naming the field; else return None.

    The grading of Cuadro 12: a written warning first; suspension on repetition only once the
    respondent has a written warning from an earlier decided case; suspension without prior
    warning only for a case declared grave, with the reason stated.
    """
    if sanction not in Decision.Sanction.values:
        raise ValidationError({"sanction": _("Choose one of the sanctions.")})
    if grave and sanction != Decision.Sanction.SUSPENSION_GRAVE:
        raise ValidationError(
            {"grave": _("A case declared grave leads to suspension without prior warning; choose that sanction.")}
        )
    if sanction == Decision.Sanction.SUSPENSION_REPEATED and not has_prior_warning(case):
        raise ValidationError(
            {
                "sanction": _(
                    "Suspension on repetition needs a written warning from an earlier decided case; "
                    "this member has none."
                )
            }
        )
    if sanction == Decision.Sanction.SUSPENSION_GRAVE:
        if not grave:
            raise ValidationError({"grave": _("Suspension without prior warning is only for a case declared grave.")})
        if not grave_reason.strip():
            raise ValidationError({"grave_reason": _("State why the case is grave.")})
