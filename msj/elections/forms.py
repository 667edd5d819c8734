"""Forms of the elections pages. They only shape the input: the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from msj.committees.forms import DATE_FORMATS, PersonChoiceField
from msj.members.forms import DateInput
from msj.members.models import Membership
from msj.mesas.models import Mesa


class CandidacyForm(forms.Form):
    member = PersonChoiceField(
        label=_("Candidate"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        help_text=_("The citizen member whose letter you received by e-mail."),
        error_messages={
            "required": _("Name the citizen member who stands."),
            "invalid_choice": _("Only an active citizen member of the Mesa may stand."),
        },
    )
    letter_text = forms.CharField(
        label=_("Letter to the technical secretary"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=20000,
    )
    letter_file = forms.FileField(label=_("Letter as a PDF"), required=False)

    def __init__(self, *args: Any, mesa: Mesa, on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["member"].queryset = (  # type: ignore[attr-defined]
                Membership.objects.current()
                .filter(mesa=mesa, kind=Membership.Kind.CITIZEN, started_on__lte=mesa.today())
                .select_related("user")
                .order_by("user__full_name")
            )
        else:
            del self.fields["member"]


class StandForm(forms.Form):
    letter_text = forms.CharField(
        label=_("A few words to the citizen members (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )


class NextRoundForm(forms.Form):
    closes_on = forms.DateField(
        label=_("The round closes at the start of"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        required=False,
        help_text=_("Leave empty to use the Mesa's election window."),
    )
