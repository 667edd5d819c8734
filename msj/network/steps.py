"""The thirteen steps of forming a Mesa (DOMAIN.md §4.1), as data: what each is for, what proves it.

"It is easy to fall into simulation": a step counts as met only with the evidence its
definition asks for, which `missing_evidence` (services) checks before anyone may validate it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    DATE = "date", _("Date")
    ATTENDEES = "attendees", _("Attendees")
    NOTE = "note", _("Note")


@dataclass(frozen=True)
class Requirement:
    """One piece of evidence a step cannot be validated without."""

    code: str
    kind: str
    label: Promise

    def get_kind_label(self) -> str:
        return str(EvidenceKind(self.kind).label)


@dataclass(frozen=True)
class Step:
    number: int
    name: Promise
    objective: Promise
    requires: tuple[Requirement, ...] = ()
    # Step 5 needs the founding citizens; step 6 their coordinator and alternates named.
    needs_founders: bool = False
    needs_offices: bool = False

    def requirement(self, code: str) -> Requirement | None:
        return next((r for r in self.requires if r.code == code), None)


def _date(code: str, label: Promise) -> Requirement:
    return Requirement(code, EvidenceKind.DATE, label)


def _doc(code: str, label: Promise) -> Requirement:
    return Requirement(code, EvidenceKind.DOCUMENT, label)


def _who(code: str, label: Promise) -> Requirement:
    return Requirement(code, EvidenceKind.ATTENDEES, label)


def _note(code: str, label: Promise) -> Requirement:
    return Requirement(code, EvidenceKind.NOTE, label)


INSTALLATION = 8
FOUNDING_LIST = 5
OFFICES = 6
# The founding citizens must at least fill the coordinator's and the two alternates' places.
MIN_FOUNDERS = 3

STEPS: tuple[Step, ...] = (
    Step(
        1,
        _("Initial group of citizen leaders"),
        _("A small group of committed citizen leaders agrees to promote the Mesa."),
        (_date("met_on", _("date of the group's first meeting")), _who("leaders", _("the leaders of the group"))),
    ),
    Step(
        2,
        _("Approach and awareness meetings with authorities"),
        _("The authorities show the political will to sit at the Mesa with citizens."),
        (_date("met_on", _("date of the meeting with authorities")), _who("authorities", _("the authorities met"))),
    ),
    Step(
        3,
        _("Integration of citizens"),
        _("Citizens with the profiles the Mesa needs (Cuadro 2) join the group."),
        (_who("citizens", _("the citizens who joined")),),
    ),
    Step(
        4,
        _("Visit to a consolidated Mesa's plenary"),
        _("Citizens and officials see a working Mesa's plenary together."),
        (_date("visited_on", _("date of the visit")), _who("visitors", _("who made the visit"))),
    ),
    Step(
        5,
        _("Founding citizens group"),
        _("The final list of founding citizens is closed."),
        (),
        needs_founders=True,
    ),
    Step(
        6,
        _("Coordinator, Executive Committee, code of ethics and bylaws"),
        _("The founders name their coordinator, alternates and Executive Committee and sign the code and bylaws."),
        (_doc("code_of_ethics", _("the signed code of ethics")), _doc("bylaws", _("the signed bylaws"))),
        needs_offices=True,
    ),
    Step(
        7,
        _("Preparation workshop"),
        _("A one-day workshop prepares the founders to work as a Mesa."),
        (_date("held_on", _("date of the workshop")), _who("participants", _("the workshop's participants"))),
    ),
    Step(
        INSTALLATION,
        _("Installation"),
        _("The Mesa is installed in a private act, the network takes the oath and the first plenary is set."),
        (
            _doc("installation_act", _("the installation act")),
            _date("installed_on", _("date of the installation")),
            _date("first_plenary_on", _("date of the first plenary")),
        ),
    ),
    Step(
        9,
        _("Initial agenda"),
        _("The Mesa chooses a few topics to start with."),
        (_note("topics", _("the topics of the initial agenda")),),
    ),
    Step(
        10,
        _("First plenary"),
        _("A formal plenary approves the agenda, creates the first committees and sets format and dates."),
        (_date("held_on", _("date of the first plenary")), _doc("minutes", _("the minutes of the first plenary"))),
    ),
    Step(
        11,
        _("Committees"),
        _("The first committees start work, the Indicators Committee first."),
        (_note("committees", _("the committees at work")),),
    ),
    Step(
        12,
        _("Diagnosis"),
        _("The Mesa has a diagnosis of crime in its territory."),
        (_doc("diagnosis", _("the diagnosis")),),
    ),
    Step(
        13,
        _("Targets"),
        _("The Mesa sets its first targets."),
        (_doc("targets", _("the targets")),),
    ),
)

STEP_COUNT = len(STEPS)


def step(number: int) -> Step:
    return STEPS[number - 1]
