"""Forms of the exchange pages; the services check what the forms cannot (states, dates, files)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from msj.agreements.forms import DATE_INPUTS, DateInput, MultipleFileField
from msj.agreements.uploads import EXTENSIONS, max_upload_bytes
from msj.committees.models import Committee
from msj.exchange.models import DirectoryCard, Practice
from msj.mesas.models import Mesa

ACCEPT = "accept"
DECLINE = "decline"
DECISIONS = [(ACCEPT, _("Accept")), (DECLINE, _("Decline"))]


def _files_help() -> str:
    return str(_("PDF, JPEG, PNG, XLSX, DOCX, CSV or TXT, up to %(limit)s each.")) % {
        "limit": filesizeformat(max_upload_bytes())
    }


class CardForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DirectoryCard
        fields = ["city", "presentation", "contact", "contact_phone", "listed_publicly"]
        widgets = {"presentation": forms.Textarea(attrs={"rows": 4}), "contact": forms.RadioSelect}


class MesaCommitteeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.mesa.name} — {obj.name}"


class TwinningRequestForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Our committee"), queryset=Committee.objects.none(), to_field_name="public_id"
    )
    partner = MesaCommitteeChoiceField(
        label=_("Committee of another Mesa"),
        queryset=Committee.objects.none(),
        to_field_name="public_id",
        help_text=_("Committees of the Mesas listed in the network's directory."),
    )
    message = forms.CharField(
        label=_("Why you want to twin"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Tell the other committee what you hope to learn or share.")},
    )

    def __init__(self, *args: Any, own: QuerySet[Committee], partners: QuerySet[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = own  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Answer"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (when declining)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )

    @property
    def accepted(self) -> bool:
        return bool(self.cleaned_data["decision"] == ACCEPT)


class VisitDecisionForm(DecisionForm):
    plenary_on = forms.DateField(
        label=_("Plenary the visitors attend (when accepting)"),
        widget=DateInput(),
        input_formats=DATE_INPUTS,
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Write the reason.")},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the document a title.")}
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        error_messages={"required": _("Choose the file to share.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _files_help()


class VisitRequestForm(forms.Form):
    host = forms.ModelChoiceField(
        label=_("Mesa to visit"),
        queryset=Mesa.objects.none(),
        to_field_name="public_id",
        help_text=_("Mesas listed in the network's directory."),
    )
    wished_on = forms.DateField(label=_("Date wished"), widget=DateInput(), input_formats=DATE_INPUTS)
    visitors = forms.CharField(
        label=_("Who will go"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Write who will go.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Write what the visit is for.")},
    )

    def __init__(self, *args: Any, hosts: QuerySet[Mesa], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class VisitRecordForm(forms.Form):
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Write who attended.")},
    )
    notes = forms.CharField(
        label=_("Notes (read only in your Mesa)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class PracticeForm(forms.ModelForm):  # type: ignore[type-arg]
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    class Meta:
        model = Practice
        fields = ["title", "committee", "topic", "summary", "problem", "diagnosis", "actions", "results", "tags"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["summary", "problem", "diagnosis", "actions", "results"]
        }

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committee = self.fields["committee"]
        committee.queryset = Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True)  # type: ignore[attr-defined]
        committee.to_field_name = "public_id"  # type: ignore[attr-defined]
        if self.instance.committee_id is not None:
            self.initial["committee"] = self.instance.committee.public_id
        self.fields["attachments"].help_text = _files_help()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search practices"), max_length=200, required=False)
