"""Forms of the press pages. They only shape the input: the rules live in services.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.members.forms import DateInput
from msj.members.models import Membership, Seat
from msj.mesas.models import Mesa
from msj.press.models import Protocol, Release


class ReleaseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Release
        fields = ["title", "summary", "body", "impact_objective", "protocol", "controversial", "consensus_note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "impact_objective": forms.Textarea(attrs={"rows": 3}),
            "consensus_note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Give the release a title.")},
            "summary": {"required": _("Write a short summary of the release.")},
            "body": {"required": _("Write the text of the release.")},
            "impact_objective": {"required": _("Every message needs its impact objective: what saying it is for.")},
        }

    def validate_unique(self) -> None:
        """Uniqueness and constraints are checked by the service, with its own messages."""


class ApproveForm(forms.Form):
    consensus_note = forms.CharField(
        label=_("Consensus reached"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a controversial release: how and when the consensus was reached."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the release is withdrawn: the reason is kept with it.")},
    )


class ReleaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Release.Status.choices])
    protocol = forms.ChoiceField(label=_("Protocol"), required=False, choices=[("", _("All")), *Protocol.choices])


class MemberChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.user.full_name or obj.user.email  # type: ignore[no-any-return]


class ConferenceForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    protocol = forms.ChoiceField(label=_("Protocol"), choices=Protocol.choices)
    place = forms.CharField(label=_("Place"), max_length=300)
    topics = forms.CharField(
        label=_("Topics"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What will be announced; each topic with its impact objective."),
    )
    participants = MemberChoiceField(
        label=_("Members taking part"),
        queryset=Membership.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple(),
        help_text=_("With the authorities: one or two members of the Executive Committee."),
    )
    seats = forms.ModelMultipleChoiceField(
        label=_("Authorities taking part"),
        queryset=Seat.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple(),
        help_text=_("Only under the protocol with the authorities."),
    )
    releases = forms.ModelMultipleChoiceField(
        label=_("Press releases presented"),
        queryset=Release.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple(),
    )

    def __init__(self, *args: Any, mesa: Mesa, releases: QuerySet[Release], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mesa = mesa
        members = Membership.objects.current().filter(mesa=mesa, kind=Membership.Kind.CITIZEN)
        self.fields["participants"].queryset = members.select_related("user").order_by("user__full_name")  # type: ignore[attr-defined]
        self.fields["seats"].queryset = Seat.objects.filter(mesa=mesa).select_related("post")  # type: ignore[attr-defined]
        self.fields["releases"].queryset = releases.filter(  # type: ignore[attr-defined]
            status__in=[Release.Status.APPROVED, Release.Status.PUBLISHED]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("date"), data.get("time")
        if isinstance(day, dt.date) and isinstance(at, dt.time):
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, at), self.mesa.tzinfo)
        return data


class ConferenceRecordForm(forms.Form):
    notes = forms.CharField(
        label=_("What was said"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write what was said at the conference.")},
    )
    media_present = forms.CharField(
        label=_("Media present"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The newspapers, radio and television stations that came."),
    )
