"""Forms of the committees pages. They only shape the input: the rules live in services.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from msj.committees.models import Axis, Committee
from msj.members.forms import DateInput
from msj.members.models import Membership
from msj.mesas.models import Mesa

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


def current_people(mesa: Mesa, today: dt.date) -> Any:
    """Current places in the Mesa, by name, to choose committee coordinators from."""
    return (
        Membership.objects.current()
        .filter(mesa=mesa, started_on__lte=today)
        .exclude(ended_on__lte=today)
        .select_related("user")
        .order_by("user__full_name")
    )


class DecisionFields(forms.Form):
    decided_on = forms.DateField(
        label=_("Date of the Executive Committee's decision"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date of the Executive Committee's decision.")},
    )
    minutes_reference = forms.CharField(
        label=_("Minutes reference"),
        max_length=300,
        help_text=_("For example: minutes of the Executive Committee session of 12/03/2026."),
        error_messages={"required": _("Give the reference of the minutes where the decision stands.")},
    )


class CommitteeCreateForm(DecisionFields):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the committee a name.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Committee.Kind.THEMATIC, Committee.Kind.THEMATIC.label),
            (Committee.Kind.HONOUR, Committee.Kind.HONOUR.label),
        ],
        initial=Committee.Kind.THEMATIC,
    )
    axis = forms.ModelChoiceField(
        label=_("Axis"), queryset=Axis.objects.none(), required=False, to_field_name="public_id"
    )
    coordinator = PersonChoiceField(
        label=_("Committee coordinator"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Name the committee coordinator."),
            "invalid_choice": _("The committee coordinator must be a current citizen member of the Mesa."),
        },
    )
    alternate = PersonChoiceField(
        label=_("Alternate committee coordinator"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Name the alternate committee coordinator."),
            "invalid_choice": _("The alternate committee coordinator must be a current citizen member of the Mesa."),
        },
    )
    manual_text = forms.CharField(
        label=_("Process manual"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("How the committee works. Every member signs it; the committee opens with it."),
        error_messages={
            "required": _("Write the committee's process manual: its members sign it to open the committee.")
        },
    )

    field_order = ["name", "kind", "axis", "coordinator", "alternate", "manual_text", "decided_on", "minutes_reference"]

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = mesa.today()
        self.fields["axis"].queryset = Axis.objects.filter(mesa=mesa)  # type: ignore[attr-defined]
        # Committee coordinators are citizens (DOMAIN.md §2); services.create_committee checks it again.
        citizens = current_people(mesa, today).filter(kind=Membership.Kind.CITIZEN)
        self.fields["coordinator"].queryset = citizens  # type: ignore[attr-defined]
        self.fields["alternate"].queryset = citizens  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("decided_on", today)


class DissolveForm(DecisionFields):
    pass


class AxisForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Name"), max_length=200)


class AddPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), error_messages={"invalid": _("Enter a valid e-mail address.")})
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Needed only if the person has no account yet."),
    )
    kind = forms.ChoiceField(
        label=_("Joins as"),
        choices=[
            (Membership.Kind.VOLUNTEER, Membership.Kind.VOLUNTEER.label),
            (Membership.Kind.GUEST, Membership.Kind.GUEST.label),
        ],
    )


class ManualForm(forms.Form):
    text = forms.CharField(
        label=_("Process manual"),
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Write the text of the process manual.")},
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput(), input_formats=DATE_FORMATS)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("adopted_on", today)
