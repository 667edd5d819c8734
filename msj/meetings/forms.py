"""Forms of the meetings pages. Times are entered as local date and time where the Mesa sits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.committees.models import Committee
from msj.meetings.models import Attendance, Invitation, Meeting
from msj.members.forms import DateInput
from msj.members.models import Membership
from msj.mesas.models import Mesa


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user.full_name} · {obj.get_kind_display()}"


class MeetingForm(forms.Form):
    """Create a meeting (with its kind and committee) or edit one (without them)."""

    kind = forms.ChoiceField(label=_("Kind of meeting"))
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text=_("Only for a committee meeting."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    starts = forms.TimeField(label=_("Starts at"), widget=TimeInput(), input_formats=["%H:%M", "%H:%M:%S"])
    ends = forms.TimeField(label=_("Ends at"), widget=TimeInput(), input_formats=["%H:%M", "%H:%M:%S"])
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    extraordinary = forms.BooleanField(
        label=_("Extraordinary meeting"),
        required=False,
        help_text=_("Convened with less notice than the Mesa's rules ask for; the minutes show the reason."),
    )
    extraordinary_reason = forms.CharField(
        label=_("Reason it is extraordinary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self,
        *args: Any,
        mesa: Mesa,
        kinds: Iterable[str] | None = None,
        committees: QuerySet[Committee] | None = None,
        meeting: Meeting | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mesa = mesa
        if meeting is not None:
            # The kind and the body of a meeting are fixed: its agenda and invitees come from them.
            del self.fields["kind"], self.fields["committee"]
            if not self.is_bound:
                start = meeting.starts_at.astimezone(mesa.tzinfo)
                self.initial.update(
                    title=meeting.title,
                    date=start.date(),
                    starts=start.time(),
                    ends=meeting.ends_at.astimezone(mesa.tzinfo).time(),
                    place=meeting.place,
                    video_url=meeting.video_url,
                    extraordinary=meeting.extraordinary,
                    extraordinary_reason=meeting.extraordinary_reason,
                )
        else:
            allowed = set(kinds or [])
            kind_field = cast(forms.ChoiceField, self.fields["kind"])
            kind_field.choices = [(v, label) for v, label in Meeting.Kind.choices if v in allowed]
            committee_field = cast(forms.ModelChoiceField, self.fields["committee"])
            committee_field.queryset = committees if committees is not None else Committee.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tz = self.mesa.tzinfo
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, starts), tz)
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, ends), tz)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The meeting must end after it starts."))
        if "kind" in self.fields:
            if data.get("kind") == Meeting.Kind.COMMITTEE and not data.get("committee"):
                self.add_error("committee", _("Choose the committee that meets."))
            if data.get("kind") != Meeting.Kind.COMMITTEE:
                data["committee"] = None
        if not (data.get("place") or "").strip() and not data.get("video_url"):
            self.add_error("place", _("Give a place or a video link."))
        if data.get("extraordinary") and not (data.get("extraordinary_reason") or "").strip():
            self.add_error("extraordinary_reason", _("An extraordinary meeting needs the reason it is extraordinary."))
        return data


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False, to_field_name="public_id"
    )

    def __init__(self, *args: Any, committees: QuerySet[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        kind_field.choices = [("", _("All")), *Meeting.Kind.choices]
        committee_field = cast(forms.ModelChoiceField, self.fields["committee"])
        committee_field.queryset = committees


class ConveneForm(forms.Form):
    extraordinary_reason = forms.CharField(
        label=_("Reason it is extraordinary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Only needed to convene with less notice than the Mesa's rules ask for."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("New item"), max_length=300)
    presenter = MembershipChoiceField(
        label=_("Presenter"), queryset=Membership.objects.none(), required=False, to_field_name="public_id"
    )

    def __init__(self, *args: Any, invitees: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        presenter = cast(forms.ModelChoiceField, self.fields["presenter"])
        presenter.queryset = invitees


class PresenterForm(forms.Form):
    presenter = MembershipChoiceField(
        label=_("Presenter"), queryset=Membership.objects.none(), required=False, to_field_name="public_id"
    )

    def __init__(self, *args: Any, invitees: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        presenter = cast(forms.ModelChoiceField, self.fields["presenter"])
        presenter.queryset = invitees


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class InviteForm(forms.Form):
    membership = MembershipChoiceField(label=_("Person"), queryset=Membership.objects.none(), to_field_name="public_id")
    role = forms.ChoiceField(
        label=_("Invited"),
        choices=[(Invitation.Role.PRESENTER, _("to present")), (Invitation.Role.GUEST, _("as a guest"))],
    )

    def __init__(self, *args: Any, candidates: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        membership = cast(forms.ModelChoiceField, self.fields["membership"])
        membership.queryset = candidates


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(label=_("Your reply"), widget=forms.RadioSelect)
    delegate_name = forms.CharField(
        label=_("Name of your delegate"),
        max_length=200,
        required=False,
        help_text=_("The person who will attend in your place, if you send a delegate."),
    )

    def __init__(self, *args: Any, may_send_delegate: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (Invitation.Reply.ATTENDING, Invitation.Reply.ATTENDING.label),
            (Invitation.Reply.NOT_ATTENDING, Invitation.Reply.NOT_ATTENDING.label),
        ]
        if may_send_delegate:
            choices.append((Invitation.Reply.DELEGATE, Invitation.Reply.DELEGATE.label))
        else:
            del self.fields["delegate_name"]
        reply = cast(forms.ChoiceField, self.fields["reply"])
        reply.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reply") == Invitation.Reply.DELEGATE and not (data.get("delegate_name") or "").strip():
            self.add_error("delegate_name", _("Give the name of the person who will attend in your place."))
        return data


class AttendanceForm(forms.Form):
    """One row per invitee: their attendance and, for an official's seat, the delegate's name."""

    def __init__(
        self,
        *args: Any,
        invitations: list[Invitation],
        recorded: dict[int, Attendance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Invitation, forms.BoundField, forms.BoundField | None]] = []
        for invitation in invitations:
            membership = invitation.membership
            official = membership.kind == Membership.Kind.OFFICIAL
            statuses = [
                (value, label)
                for value, label in Attendance.Status.choices
                if official or value != Attendance.Status.DELEGATE
            ]
            key = str(membership.public_id)
            current = recorded.get(membership.pk)
            self.fields[f"status-{key}"] = forms.ChoiceField(
                label=membership.user.full_name,
                choices=[("", _("Not recorded")), *statuses],
                required=False,
                initial=current.status if current else "",
            )
            if official:
                self.fields[f"delegate-{key}"] = forms.CharField(
                    label=_("Delegate of %(name)s") % {"name": membership.user.full_name},
                    max_length=200,
                    required=False,
                    initial=current.delegate_name if current else "",
                )
            self.rows.append((invitation, self[f"status-{key}"], self[f"delegate-{key}"] if official else None))

    def entries(self) -> list[tuple[Membership, str, str]]:
        """The rows the secretary filled in, as (membership, status, delegate name)."""
        result = []
        for invitation, status_field, delegate_field in self.rows:
            status = self.cleaned_data.get(status_field.name) or ""
            if not status:
                continue
            delegate = self.cleaned_data.get(delegate_field.name, "") if delegate_field is not None else ""
            result.append((invitation.membership, status, delegate))
        return result
