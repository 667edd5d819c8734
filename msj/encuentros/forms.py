"""Forms of the Encuentro Nacional: they read input; the rules are in services and models."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from msj.agreements.models import Agreement
from msj.encuentros.models import ATTENDANCE_CHOICES, Delegate, Encuentro, network_today
from msj.encuentros.services import ENCUENTRO_FIELDS
from msj.members.models import Membership
from msj.mesas.models import Mesa, Network


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EncuentroForm(forms.ModelForm[Encuentro]):
    class Meta:
        model = Encuentro
        fields = ENCUENTRO_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "registration_closes_at": DateTimeInput(),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network
        for name in ("starts_on", "ends_on"):
            day: Any = self.fields[name]
            day.input_formats = ["%Y-%m-%d"]
        closes: Any = self.fields["registration_closes_at"]
        closes.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class RegistrationForm(forms.Form):
    """The members a Mesa registers; who may be one is the service's rule (current citizens and officials)."""

    members = forms.ModelMultipleChoiceField(
        label=_("Delegates"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        error_messages={"required": _("Choose at least one member.")},
    )

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = Membership.objects.filter(mesa=mesa).select_related("user")  # type: ignore[attr-defined]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600)
    presenter_mesa = forms.ModelChoiceField(
        label=_("Presenting Mesa"), queryset=Mesa.objects.none(), required=False, to_field_name="public_id"
    )
    presenter_name = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    position = forms.IntegerField(
        label=_("Position"), min_value=1, required=False, help_text=_("Leave it empty to add the item at the end.")
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter_mesa"].queryset = network.mesas.order_by("name")  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One choice per registered delegate: present, justified or unjustified absence, or not recorded."""

    def __init__(self, *args: Any, delegates: list[Delegate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delegates = delegates
        choices = [("", _("Not recorded")), *ATTENDANCE_CHOICES]
        for delegate in delegates:
            self.fields[f"d-{delegate.public_id}"] = forms.ChoiceField(
                label=delegate.name, choices=choices, required=False, initial=delegate.attendance
            )

    def entries(self) -> dict[Delegate, str]:
        return {d: self.cleaned_data[f"d-{d.public_id}"] for d in self.delegates}

    def rows(self) -> list[tuple[Delegate, forms.BoundField]]:
        return [(d, self[f"d-{d.public_id}"]) for d in self.delegates]


class NetworkAgreementForm(forms.Form):
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 3}))
    network_responsible = forms.BooleanField(label=_("The network is responsible"), required=False)
    responsible_mesas = forms.ModelMultipleChoiceField(
        label=_("Responsible Mesas"),
        queryset=Mesa.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"])

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_mesas"].queryset = network.mesas.order_by("name")  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=["%Y-%m-%d"])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    status_after = forms.ChoiceField(
        label=_("Status after"), required=False, choices=[("", _("Unchanged")), *Agreement.Status.choices]
    )

    def __init__(self, *args: Any, network_side: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": network_today()})
        super().__init__(*args, **kwargs)
        if not network_side:
            # A Mesa reports; the network moves the status.
            del self.fields["status_after"]


def refusal(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message."""
    return " ".join(error.messages)


def form_errors(form: forms.BaseForm) -> str:
    """Every error of a form that is not shown again, as one sentence per field for a message."""
    return " ".join(
        f"{form[name].label if name in form.fields else ''}: {' '.join(str(e) for e in errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: under the field it names, or on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
