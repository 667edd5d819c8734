"""Forms of the admission pages. They shape the input; the rules live in rules.py and services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.admissions.rules import REQUIREMENTS
from msj.admissions.services import joinable_committees
from msj.admissions.uploads import MAX_CANDIDATE_FILE_BYTES
from msj.committees.forms import DATE_FORMATS
from msj.committees.models import Committee
from msj.meetings.models import Meeting
from msj.members.forms import DateInput
from msj.mesas.models import Mesa

MET = "met"
UNMET = "unmet"


class ApplicationForm(forms.Form):
    candidate_name = forms.CharField(
        label=_("Candidate's full name"),
        max_length=200,
        error_messages={"required": _("Give the candidate's full name.")},
    )
    candidate_email = forms.EmailField(
        label=_("Candidate's e-mail"),
        error_messages={"required": _("Give the candidate's e-mail address.")},
    )
    cv = forms.FileField(
        label=_("CV"),
        help_text=_("A PDF file of 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"required": _("CV: attach the file.")},
    )
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG or PNG image of 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
        error_messages={"required": _("Photo: attach the file.")},
    )
    letter = forms.FileField(
        label=_("Motivation letter"),
        help_text=_("A PDF file of 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"required": _("Motivation letter: attach the file.")},
    )

    max_bytes = MAX_CANDIDATE_FILE_BYTES


class ReviewForm(forms.Form):
    """One met / not met answer and one note per requirement of Cuadro 10."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for requirement in REQUIREMENTS:
            self.fields[requirement.key] = forms.ChoiceField(
                label=str(requirement.label),
                choices=[(MET, _("Met")), (UNMET, _("Not met"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether this requirement is met.")},
            )
            self.fields[f"{requirement.key}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Any, Any]]:
        """(answer, note) bound fields, requirement by requirement, for the template."""
        return [(self[r.key], self[f"{r.key}_note"]) for r in REQUIREMENTS]

    def checks(self) -> dict[str, tuple[bool, str]]:
        return {
            r.key: (self.cleaned_data[r.key] == MET, self.cleaned_data.get(f"{r.key}_note") or "")
            for r in REQUIREMENTS
            if self.cleaned_data.get(r.key)
        }


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        start = timezone.localtime(obj.starts_at)
        return f"{obj.title} · {start:%d/%m/%Y %H:%M}"


def held_citizens_meetings(mesa: Mesa) -> QuerySet[Meeting]:
    """Citizens' meetings of the Mesa that have started, most recent first."""
    return (
        Meeting.objects.filter(mesa=mesa, kind=Meeting.Kind.CITIZENS, starts_at__lte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
    )


class PresentationForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Citizens' meeting where the candidate was presented"),
        queryset=Meeting.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose the citizens' meeting."),
            "invalid_choice": _("Choose the citizens' meeting."),
        },
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = held_citizens_meetings(mesa)  # type: ignore[attr-defined]


class SigningForm(PresentationForm):
    signed_on = forms.DateField(
        label=_("Date of the signing"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date of the signing.")},
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, mesa=mesa, **kwargs)
        self.fields["meeting"].label = _("Citizens' session where the bylaws were signed")


class CommitteeChoiceForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Choose one of the Mesa's committees."),
            "invalid_choice": _("Choose one of the Mesa's committees."),
        },
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = joinable_committees(mesa)  # type: ignore[attr-defined]


class BylawsForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the bylaws"),
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("Give the text of the bylaws.")},
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date the bylaws were adopted.")},
    )
