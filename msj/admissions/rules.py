"""The rules of admission (DOMAIN.md §4.2, Cuadros 10 and 11), each in one function.

Dates are the Mesa's dates (`mesa.today()`), so a deadline falls at midnight where the Mesa
sits, whatever the server's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str | Promise


# The profile of a citizen member (Cuadro 10), as the Executive Committee checks it.
REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("lives_in_area", _("Lives in the Mesa's area")),
    Requirement("knows_local_security", _("Knows the local security problems")),
    Requirement("social_commitment", _("CV or record of social commitment")),
    Requirement("no_political_role", _("Holds no candidacy, campaign role, public office or party leadership")),
    Requirement(
        "autonomy_from_government",
        _("Economic and political autonomy from the three levels of government"),
    ),
    Requirement("never_government_supplier", _("Has never been a government supplier")),
    Requirement("good_reputation", _("Good reputation and no conflict of interest")),
    Requirement("accepts_ethics_and_bylaws", _("Accepts the code of ethics and the bylaws")),
    Requirement(
        "attendance_and_committee_work",
        _("Commits to no more than 20 % unjustified absences and to active work in a committee"),
    ),
    Requirement("invited_by_member", _("Enters by invitation of a member")),
)
REQUIREMENT_KEYS: tuple[str, ...] = tuple(r.key for r in REQUIREMENTS)
REQUIREMENT_CHOICES = [(r.key, r.label) for r in REQUIREMENTS]


def review_passes(checks: Mapping[str, bool]) -> bool:
    """An application passes the Executive Committee's review only when every requirement is met.

    A requirement missing from the review counts as not met: the review is of the whole list.
    """
    return all(checks.get(key) is True for key in REQUIREMENT_KEYS)


def reapplication_opens_on(last_applied_on: dt.date, wait_days: int) -> dt.date:
    """The first day a rejected candidate may apply again: `wait_days` after their last application.

    With the default 365 days, an application of 10 March 2025 that was rejected allows a new
    one from 10 March 2026 (day 365) on; 9 March 2026 (day 364) is still refused.
    """
    return last_applied_on + dt.timedelta(days=wait_days)


def may_reapply(*, last_applied_on: dt.date, today: dt.date, wait_days: int) -> bool:
    """Whether a candidate rejected after applying on `last_applied_on` may apply again `today`."""
    return today >= reapplication_opens_on(last_applied_on, wait_days)


def vote_due_on(presented_on: dt.date) -> dt.date:
    """The day by which the ballot e-mail goes out: the day after the citizens' meeting (Cuadro 11)."""
    return presented_on + dt.timedelta(days=1)


def vote_is_due(*, presented_on: dt.date, today: dt.date) -> bool:
    """Whether the job must open the vote now. The secretary may open it earlier, on the day itself."""
    return today >= vote_due_on(presented_on)
