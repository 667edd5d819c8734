from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from msj.members.models import Membership, Seat


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MembershipStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Membership.Status.choices)
    on = forms.DateField(label=_("Effective date"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"])


class SeatForm(forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["post", "label"]


class HandoverForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the new holder"))
    full_name = forms.CharField(
        label=_("Full name of the new holder"),
        max_length=200,
        help_text=_("Used only if the person has no account yet."),
    )
    on = forms.DateField(label=_("Takes the post on"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if today is not None and not self.is_bound:
            self.initial.setdefault("on", today)
