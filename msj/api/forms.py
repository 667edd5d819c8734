from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NEVER = "never"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script or program that will use it."),
    )
    expires_in = forms.ChoiceField(
        label=_("Expires"),
        choices=[
            ("30", _("In 30 days")),
            ("90", _("In 90 days")),
            ("365", _("In a year")),
            (NEVER, _("Never (revoke it yourself when no longer needed)")),
        ],
        initial="90",
    )

    def expires_at(self) -> dt.datetime | None:
        choice = self.cleaned_data["expires_in"]
        if choice == NEVER:
            return None
        return timezone.now() + dt.timedelta(days=int(choice))
