"""Forms of the charter: a model version (network side) and a Mesa's adoption."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from msj.charter.models import Kind, ModelDocument
from msj.committees.forms import DATE_FORMATS
from msj.members.forms import DateInput


class ModelDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Model of"), choices=Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the document a title.")}
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Plain text: leave a blank line between paragraphs."),
        error_messages={"required": _("Write the text of the model document.")},
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class ModelChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("%(title)s, version %(version)s of %(date)s")
            % {"title": obj.title, "version": obj.version, "date": obj.published_on.isoformat()}
        )


class AdoptForm(forms.Form):
    based_on = ModelChoice(
        label=_("Based on"),
        queryset=ModelDocument.objects.none(),
        required=False,
        empty_label=_("The Mesa's own text"),
        to_field_name="public_id",
        error_messages={"invalid_choice": _("Choose one of the network's models of this document.")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the document a title.")}
    )
    body = forms.CharField(
        label=_("Text the Mesa adopts"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Adapt the text before adopting it. Plain text: leave a blank line between paragraphs."),
        error_messages={"required": _("Write the text the Mesa adopts.")},
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the date the text was adopted.")},
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=300,
        help_text=_("The plenary, citizens' meeting or agreement that approved this text, e.g. “Plenary of 12 March”."),
        error_messages={"required": _("Say which plenary, meeting or agreement approved this text.")},
    )

    def __init__(self, *args: Any, models: QuerySet[ModelDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = models  # type: ignore[attr-defined]
