"""Forms of the proposals to the Executive Committee, one per kind. The rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from msj.committees.forms import PersonChoiceField, current_people
from msj.committees.models import Axis, Committee
from msj.decisions.models import Proposal, Rating
from msj.members.models import Membership
from msj.mesas.models import Mesa


class CreateCommitteeForm(forms.Form):
    committee_name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the committee a name.")}
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
        error_messages={
            "required": _("Write the committee's process manual: its members sign it to open the committee.")
        },
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(mesa=mesa)  # type: ignore[attr-defined]
        citizens = current_people(mesa, mesa.today()).filter(kind=Membership.Kind.CITIZEN)
        self.fields["coordinator"].queryset = citizens  # type: ignore[attr-defined]
        self.fields["alternate"].queryset = citizens  # type: ignore[attr-defined]


class DissolveCommitteeForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose the committee to dissolve."),
            "invalid_choice": _("Choose one of this Mesa's committees."),
        },
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = (  # type: ignore[attr-defined]
            Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True)
            .exclude(kind__in=Committee.CORE_KINDS)
            .order_by("name")
        )


class AppointSecretaryForm(forms.Form):
    appointee = PersonChoiceField(
        label=_("Technical secretary"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        help_text=_("Staff of the Mesa or a citizen member."),
        error_messages={
            "required": _("Choose who is to be the technical secretary."),
            "invalid_choice": _("The technical secretary must be staff of the Mesa or a citizen member."),
        },
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appointee"].queryset = current_people(mesa, mesa.today()).filter(  # type: ignore[attr-defined]
            kind__in=[Membership.Kind.STAFF, Membership.Kind.CITIZEN]
        )


class EvaluateSecretaryForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Rating.choices, error_messages={"required": _("Choose a rating.")}
    )
    evaluation_text = forms.CharField(
        label=_("Evaluation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Write the evaluation.")},
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


FORMS: dict[str, type[forms.Form]] = {
    Proposal.Kind.CREATE_COMMITTEE: CreateCommitteeForm,
    Proposal.Kind.DISSOLVE_COMMITTEE: DissolveCommitteeForm,
    Proposal.Kind.APPOINT_SECRETARY: AppointSecretaryForm,
    Proposal.Kind.EVALUATE_SECRETARY: EvaluateSecretaryForm,
}
