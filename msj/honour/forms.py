"""Forms of the honour pages. They only shape the input: the rules live in rules.py and services.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from msj.committees.forms import DATE_FORMATS, PersonChoiceField
from msj.honour.models import Case, Decision, Hearing, PanelMember
from msj.honour.rules import former_coordinators
from msj.members.forms import DateInput
from msj.members.models import Membership
from msj.mesas.models import Mesa


def open_places(mesa: Mesa) -> QuerySet[Membership]:
    """Places in the Mesa that have not ended (suspended ones included), by name."""
    return (
        Membership.objects.filter(mesa=mesa, ended_on__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )


class ResignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I resign my place in this Mesa, from today"),
        error_messages={"required": _("Confirm that you resign your place in the Mesa.")},
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the technical secretary reads it."),
    )


class ResignationLetterForm(forms.Form):
    member = PersonChoiceField(
        label=_("Member who resigns"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose the member who resigns."),
            "invalid_choice": _("Choose the member who resigns."),
        },
    )
    on = forms.DateField(
        label=_("Date of the letter"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date of the letter.")},
    )
    reason = forms.CharField(
        label=_("Reason given (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Officials leave with their post: their seat is handed over, not resigned.
        self.fields["member"].queryset = open_places(mesa).exclude(kind=Membership.Kind.OFFICIAL)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("on", mesa.today())


class ComplaintForm(forms.Form):
    respondent = PersonChoiceField(
        label=_("Member the complaint is about"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose a member of this Mesa whose place has not ended."),
            "invalid_choice": _("Choose a member of this Mesa whose place has not ended."),
        },
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Only the Honour and Justice Committee reads it. The person will be heard before any decision."),
        error_messages={"required": _("Describe the facts the committee is asked to consider.")},
    )

    def __init__(self, *args: Any, mesa: Mesa, me: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = open_places(mesa).exclude(pk=me.pk)  # type: ignore[attr-defined]


class OpenCaseForm(forms.Form):
    origin = forms.ChoiceField(
        label=_("Origin"),
        choices=[
            (Case.Origin.EXECUTIVE_COMMITTEE, Case.Origin.EXECUTIVE_COMMITTEE.label),
            (Case.Origin.WRITTEN_REQUEST, Case.Origin.WRITTEN_REQUEST.label),
        ],
    )
    respondent = PersonChoiceField(
        label=_("Member the case is about"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose a member of this Mesa whose place has not ended."),
            "invalid_choice": _("Choose a member of this Mesa whose place has not ended."),
        },
    )
    complainant = PersonChoiceField(
        label=_("Member who made the written request (optional)"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        error_messages={"invalid_choice": _("Choose a member of this Mesa.")},
    )
    summary = forms.CharField(
        label=_("Facts to consider"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Describe the facts the committee is asked to consider.")},
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = open_places(mesa)  # type: ignore[attr-defined]
        self.fields["complainant"].queryset = open_places(mesa)  # type: ignore[attr-defined]


class PanelMemberForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who joins"),
        choices=[
            (PanelMember.Kind.FORMER_COORDINATOR, PanelMember.Kind.FORMER_COORDINATOR.label),
            (PanelMember.Kind.GUEST, PanelMember.Kind.GUEST.label),
        ],
    )
    former_coordinator = PersonChoiceField(
        label=_("Former coordinator"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        error_messages={"invalid_choice": _("This person has not been a coordinator of this Mesa.")},
    )
    email = forms.EmailField(label=_("Guest's e-mail"), required=False)
    full_name = forms.CharField(
        label=_("Guest's full name"),
        max_length=200,
        required=False,
        help_text=_("Needed only for someone without an account, e.g. a person from the national network."),
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["former_coordinator"].queryset = former_coordinators(mesa).select_related("user")  # type: ignore[attr-defined]


class HearingForm(forms.Form):
    party = PersonChoiceField(
        label=_("Party"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose one of the parties to the case."),
            "invalid_choice": _("Choose one of the parties to the case."),
        },
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Hearing.Outcome.choices)
    held_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date of the hearing.")},
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, case: Case, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in case.parties()]
        self.fields["party"].queryset = Membership.objects.filter(pk__in=ids).select_related("user")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("held_on", today)


class DecisionForm(forms.Form):
    sanction = forms.ChoiceField(label=_("Sanction"), choices=Decision.Sanction.choices)
    grave = forms.BooleanField(
        label=_("This is a grave case"),
        required=False,
        help_text=_("Only a grave case allows suspension without a prior written warning."),
    )
    grave_reason = forms.CharField(
        label=_("Why the case is grave"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    grounds = forms.CharField(
        label=_("Grounds of the decision"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the grounds of the decision.")},
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date of the decision.")},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("decided_on", today)


class CloseCaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the case is closed without a decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the case is closed without a decision.")},
    )
