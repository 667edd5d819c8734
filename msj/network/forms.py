"""Forms of the network's pages on forming Mesas; the rules themselves live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from msj.agreements.uploads import EXTENSIONS
from msj.meetings.forms import TimeInput
from msj.members.forms import DateInput
from msj.mesas.models import STATES
from msj.network.models import Founder
from msj.network.steps import EvidenceKind, Step

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
# Mexico's time zones (IANA), the capital's first.
MEXICAN_TIME_ZONES = [
    "America/Mexico_City",
    "America/Cancun",
    "America/Merida",
    "America/Monterrey",
    "America/Matamoros",
    "America/Chihuahua",
    "America/Ciudad_Juarez",
    "America/Ojinaga",
    "America/Mazatlan",
    "America/Bahia_Banderas",
    "America/Hermosillo",
    "America/Tijuana",
]


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name"), help_text=_("Used in the Mesa's addresses, e.g. puebla."))
    state = forms.ChoiceField(label=_("State"), choices=STATES)
    city = forms.CharField(label=_("City"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z) for z in MEXICAN_TIME_ZONES], initial="America/Mexico_City"
    )


class EvidenceForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Evidence of"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind (for other evidence)"), choices=[("", "—"), *EvidenceKind.choices], required=False
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        help_text=_("PDF, JPEG, PNG, XLSX, DOCX, CSV or TXT."),
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput(), input_formats=DATE_INPUTS)
    text = forms.CharField(
        label=_("Attendees or note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [  # type: ignore[attr-defined]
            *((r.code, f"{r.label} ({r.get_kind_label()})") for r in step.requires),
            ("", _("Other evidence")),
        ]


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class FounderForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Place"), choices=Founder.Role.choices, initial=Founder.Role.MEMBER)


class InstallForm(forms.Form):
    first_plenary_time = forms.TimeField(label=_("Time of the first plenary"), widget=TimeInput())
    first_plenary_place = forms.CharField(label=_("Place of the first plenary"), max_length=300)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
