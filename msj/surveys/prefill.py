"""What the platform already knows of a Mesa's formalisation, offered as suggested answers.

Each fact says where it came from; the Mesa confirms or corrects it before submitting (a
suggestion is never an answer until someone submits it). Budget and own offices are not on the
platform, so they stay for the Mesa to answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from msj.admissions.models import Bylaws
from msj.charter.models import AdoptedDocument, Kind
from msj.committees.models import ProcessManual
from msj.indicators.catalogue import STANDARD_INDICATORS
from msj.indicators.models import Indicator
from msj.members.models import Office
from msj.mesas.models import Mesa
from msj.surveys.catalogue import NO, YES


@dataclass(frozen=True)
class Fact:
    value: str  # YES or NO
    source: str


def code_of_ethics_fact(mesa: Mesa, on: dt.date) -> Fact:
    """Whether the Mesa had adopted a code of ethics by `on` (msj.charter keeps its versions)."""
    adopted = (
        AdoptedDocument.objects.filter(mesa=mesa, kind=Kind.CODE_OF_ETHICS, adopted_on__lte=on)
        .order_by("-version")
        .first()
    )
    if adopted is None:
        return Fact(NO, _("No code of ethics is recorded on the platform."))
    return Fact(
        YES,
        _("Code of ethics version %(version)s, adopted on %(date)s.")
        % {"version": adopted.version, "date": adopted.adopted_on},
    )


def facts(mesa: Mesa, on: dt.date) -> dict[str, Fact]:
    """The formalisation items the platform can answer for `mesa` on the day `on`."""
    result: dict[str, Fact] = {}
    bylaws = Bylaws.objects.filter(mesa=mesa, adopted_on__lte=on).order_by("-version").first()
    result["f_bylaws"] = (
        Fact(
            YES,
            _("Bylaws version %(version)s, adopted on %(date)s.")
            % {"version": bylaws.version, "date": bylaws.adopted_on},
        )
        if bylaws
        else Fact(NO, _("No bylaws are recorded on the platform."))
    )
    result["f_ethics"] = code_of_ethics_fact(mesa, on)
    manuals = (
        ProcessManual.objects.filter(committee__mesa=mesa, committee__dissolved_on__isnull=True, adopted_on__lte=on)
        .values_list("committee__name", flat=True)
        .distinct()
    )
    names = sorted(set(manuals))
    result["f_committee_rules"] = (
        Fact(YES, _("Committees with a process manual in force: %(names)s.") % {"names": ", ".join(names)})
        if names
        else Fact(NO, _("No committee has a process manual on the platform."))
    )
    standard = Indicator.objects.filter(mesa=mesa, slug__in=[s.slug for s in STANDARD_INDICATORS]).count()
    result["f_standard_methodology"] = (
        Fact(YES, _("%(count)s standard indicators are installed.") % {"count": standard})
        if standard
        else Fact(NO, _("The standard indicators are not installed."))
    )
    secretary = Office.objects.current(on).filter(mesa=mesa, kind=Office.Kind.SECRETARY).exists()
    result["f_staff"] = (
        Fact(YES, _("The Mesa has a technical secretary in office."))
        if secretary
        else Fact(NO, _("No technical secretary is in office."))
    )
    return result
