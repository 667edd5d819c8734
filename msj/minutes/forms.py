"""Forms of the minutes. Every item field offers only the meeting's own agenda."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from msj.agreements.models import Agreement
from msj.committees.models import Committee
from msj.meetings.models import AgendaItem, Meeting
from msj.members.models import Membership, Seat


def meeting_label(meeting: Meeting) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
    return f"{when} · {meeting.title}"


def _offer(
    field: forms.Field, queryset: models.QuerySet[Any], rows: Sequence[Any], label: Callable[[Any], str] = str
) -> None:
    """Validate against `queryset` but offer `rows`, already loaded, so rendering runs no query."""
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
    field.queryset = queryset
    empty = [] if isinstance(field, forms.ModelMultipleChoiceField) else [("", "---------")]
    field.choices = [*empty, *((str(row.public_id), label(row)) for row in rows)]


class MeetingItemsForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), to_field_name="public_id")

    def __init__(self, *args: Any, meeting: Meeting, items: Sequence[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["item"], AgendaItem.objects.filter(meeting=meeting), items)


class EntryForm(MeetingItemsForm):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("summary", "").strip() or data.get("decisions", "").strip()):
            raise forms.ValidationError(_("Write a summary or the decisions taken under this item."))
        return data


class CommentForm(MeetingItemsForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(MeetingItemsForm):
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 3}))
    committee = forms.ModelChoiceField(
        label=_("Responsible committee"), queryset=Committee.objects.none(), to_field_name="public_id", required=False
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Agreement.Priority.choices, initial=Agreement.Priority.NORMAL
    )
    responsible_seats = forms.ModelMultipleChoiceField(
        label=_("Responsible officials (by seat)"),
        queryset=Seat.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_people = forms.ModelMultipleChoiceField(
        label=_("Responsible people"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, items: Sequence[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, items=items, **kwargs)
        mesa = meeting.mesa
        committees = Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True)
        seats = Seat.objects.filter(mesa=mesa).select_related("post")
        people = Membership.objects.current().filter(mesa=mesa).select_related("user").order_by("user__full_name")
        _offer(self.fields["committee"], committees, list(committees))
        _offer(self.fields["responsible_seats"], seats, list(seats))
        _offer(self.fields["responsible_people"], people, list(people), lambda m: m.user.full_name)


class ApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Approved at the meeting"), queryset=Meeting.objects.none(), to_field_name="public_id"
    )

    def __init__(
        self, *args: Any, meetings: models.QuerySet[Meeting], candidates: Sequence[Meeting], **kwargs: Any
    ) -> None:
        """Offer the `candidates`; accept any of `meetings` and let the service say why one cannot approve."""
        super().__init__(*args, **kwargs)
        _offer(self.fields["meeting"], meetings, candidates, meeting_label)


class CorrectionForm(MeetingItemsForm):
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    approved_at = forms.ModelChoiceField(
        label=_("Approved at the meeting"), queryset=Meeting.objects.none(), to_field_name="public_id"
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        items: Sequence[AgendaItem] = (),
        meetings: models.QuerySet[Meeting],
        candidates: Sequence[Meeting],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, meeting=meeting, items=items, **kwargs)
        _offer(self.fields["approved_at"], meetings, candidates, meeting_label)
