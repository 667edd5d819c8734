"""Forms of the indicators' pages; every label and error in the reader's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.indicators.models import (
    CrimeCategory,
    ImportBatch,
    Indicator,
    IndicatorSettings,
    Methodology,
    Municipality,
    Source,
)
from msj.indicators.rates import Annualisation
from msj.meetings.models import Meeting
from msj.meetings.policies import meeting_policy


class TargetForm(forms.Form):
    value = forms.DecimalField(label=_("Target rate per 100,000"), min_value=0, max_digits=9, decimal_places=2)
    annualisation = forms.ChoiceField(label=_("Annualisation"), choices=Annualisation.choices)
    starts_on = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    meeting = forms.ModelChoiceField(label=_("Agreed at the meeting"), queryset=Meeting.objects.none(), required=False)
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=Agreement.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the person setting the target may see themselves can be cited.
        meetings = meeting_policy.visible(actor, Meeting.objects.all()).order_by("-starts_at")
        agreements = agreement_policy.visible(actor, Agreement.objects.all()).order_by("-created_at")
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]


class SettingsForm(forms.ModelForm):
    territory = forms.ModelMultipleChoiceField(
        label=_("Territory: the municipalities the Mesa covers"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A conurbated area spans several; every figure adds them up."),
    )

    class Meta:
        model = IndicatorSettings
        fields = ["tolerance_pct", "vintage", "annualisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mesa = self.instance.mesa
        field = self.fields["territory"]
        # The Mesa's own state, and whatever the territory already holds elsewhere (a border metro area).
        current = list(mesa.territory.values_list("inegi_code", flat=True))
        field.queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            Q(state_code=mesa.state) | Q(code__in=current)
        ).order_by("name")
        field.initial = current


class ApprovalForm(forms.Form):
    month = forms.CharField(
        label=_("Figures approved up to the month"), widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )
    note = forms.CharField(label=_("Reference (meeting, agreement)"), max_length=300, required=False)

    def clean_month(self) -> tuple[int, int]:
        return parse_month(self.cleaned_data["month"])


class WithdrawalForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=300)


def parse_month(value: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        raise forms.ValidationError(_("Write the month as YYYY-MM.")) from None
    if not (1990 <= year <= 2100 and 1 <= month <= 12):
        raise forms.ValidationError(_("Write the month as YYYY-MM."))
    return year, month


# A Mesa imports its own sources; the national files (SESNSP, CONAPO) change every Mesa's figures
# and are loaded on the server by the import_sesnsp and import_population commands.
MESA_IMPORT_KINDS = [
    (ImportBatch.Kind.COUNTS, ImportBatch.Kind.COUNTS.label),
    (ImportBatch.Kind.INCIDENTS, ImportBatch.Kind.INCIDENTS.label),
]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=MESA_IMPORT_KINDS)
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    source = forms.ChoiceField(
        label=_("Source of the counts"),
        choices=[c for c in Source.choices if c[0] != Source.SESNSP],
        required=False,
        help_text=_("Only for monthly counts."),
    )
    source_name = forms.CharField(label=_("Name of the source"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ImportBatch.Kind.COUNTS and not data.get("source"):
            self.add_error("source", _("Say which source these counts come from."))
        return data


class IndicatorForm(forms.ModelForm):
    """A Mesa's indicator: its name, counting unit and the SESNSP categories it sums."""

    categories = forms.ModelMultipleChoiceField(
        label=_("SESNSP categories it adds up"),
        queryset=CrimeCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose in each methodology; the two are never added together but shown side by side."),
    )

    class Meta:
        model = Indicator
        fields = ["name", "slug", "unit", "categories"]
        help_texts = {"slug": _("Letters, numbers and hyphens: how the monthly-counts template names it.")}

    def category_groups(self) -> list[tuple[str, str, list[Any], bool]]:
        """The checkboxes grouped by methodology and first level, for a page that is not a wall of boxes."""
        by_key: dict[tuple[str, str], list[Any]] = {}
        labels = dict(Methodology.choices)
        categories = {str(c.pk): c for c in CrimeCategory.objects.all()}
        for box in self["categories"]:
            category = categories[str(box.data["value"])]
            by_key.setdefault((category.methodology, category.level_1), []).append((box, category))
        return [
            (str(labels[m]), level, boxes, any(box.data["selected"] for box, _c in boxes))
            for (m, level), boxes in by_key.items()
        ]
