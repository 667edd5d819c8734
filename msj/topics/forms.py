"""Forms of the security agenda. They only shape the input: the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.committees.models import Committee
from msj.members.forms import DateInput
from msj.mesas.models import Mesa
from msj.topics.models import Diagnosis, Topic


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.starts_at:%d/%m/%Y})"


class TopicForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Topic
        fields = ["title", "description", "status", "approved_on", "approved_at", "committees"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "approved_on": DateInput(),
            "committees": forms.CheckboxSelectMultiple(),
        }
        field_classes = {"approved_at": MeetingChoiceField}

    def __init__(self, *args: Any, mesa: Mesa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]  # type: ignore[attr-defined]
        # Meetings sit above topics: reach the plenaries through the field rather than importing them.
        approved_at = self.fields["approved_at"]
        approved_at.queryset = (  # type: ignore[attr-defined]
            approved_at.queryset.filter(mesa=mesa, kind="plenary")  # type: ignore[attr-defined]
            .exclude(status="cancelled")
            .order_by("-starts_at")
        )
        approved_at.to_field_name = "public_id"  # type: ignore[attr-defined]
        approved_at.required = False
        linked = self.instance.committees.all() if self.instance.pk else Committee.objects.none()
        committees = self.fields["committees"]
        # Dissolved committees are offered only where the topic is still linked to them.
        committees.queryset = (  # type: ignore[attr-defined]
            Committee.objects.filter(mesa=mesa).filter(pk__in=linked.values("pk"))
            | Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True)
        ).order_by("name")
        committees.to_field_name = "public_id"  # type: ignore[attr-defined]
        self.mesa = mesa

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        meeting = data.get("approved_at")
        if meeting is not None and not data.get("approved_on"):
            # Approved at a plenary: the plenary's date, where the Mesa sits, is the approval date.
            data["approved_on"] = timezone.localdate(meeting.starts_at, timezone=self.mesa.tzinfo)
        return data


class DiagnosisForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Diagnosis
        fields = ["incidence", "capacity", "needs", "strengths", "weaknesses", "opportunities", "threats"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "incidence": _("Crime incidence on this topic: figures, sources and trends."),
            "capacity": _("What the institutions can do today."),
            "needs": _("What the institutions lack."),
            "strengths": _("SWOT: strengths of the institutions."),
            "weaknesses": _("SWOT: weaknesses of the institutions."),
            "opportunities": _("SWOT: opportunities."),
            "threats": _("SWOT: threats."),
        }
