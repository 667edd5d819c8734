"""Forms of the agreements matrix: its filters, an agreement, and a follow-up entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy, meetings_visible_q
from msj.agreements.uploads import EXTENSIONS, max_upload_bytes
from msj.committees.models import Committee
from msj.committees.policies import committee_policy
from msj.members.access import Actor
from msj.members.models import Membership, Seat
from msj.members.policies import membership_policy, seat_policy
from msj.topics.models import Topic

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
OVERDUE = "overdue"
# How far back the meeting pickers reach; older meetings are rarely cited and would bloat the list.
MEETINGS_REACH = dt.timedelta(days=3 * 366)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        day = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{day} · {obj}"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name)


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name)


def meetings_for(actor: Actor) -> models.QuerySet[Any]:
    """Meetings of this Mesa the actor may name, held until today where the Mesa sits, most recent first."""
    meeting_model = apps.get_model("meetings", "Meeting")
    tz = actor.mesa.tzinfo
    tomorrow = dt.datetime.combine(actor.mesa.today() + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return (
        meeting_model.objects.filter(meetings_visible_q(actor))
        .filter(starts_at__lt=tomorrow, starts_at__gte=tomorrow - MEETINGS_REACH)
        .exclude(status="cancelled")
        .order_by("-starts_at")
    )


def current_people(mesa: Any) -> models.QuerySet[Membership]:
    return Membership.objects.filter(mesa=mesa, ended_on__isnull=True, status=Membership.Status.ACTIVE)


class MatrixFilterForm(forms.Form):
    """The matrix's filters, read from the query string. An invalid value is ignored, and said so."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), to_field_name="public_id", required=False
    )
    seat = forms.ModelChoiceField(
        label=_("Responsible official (seat)"), queryset=Seat.objects.none(), to_field_name="public_id", required=False
    )
    institution = forms.CharField(label=_("Institution"), required=False, max_length=200)
    person = PersonChoiceField(
        label=_("Person"), queryset=Membership.objects.none(), to_field_name="public_id", required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), to_field_name="public_id", required=False
    )

    def __init__(self, *args: Any, actor: Actor, preset: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mesa = actor.mesa
        fields = self.fields
        fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Any status")),
            *Agreement.Status.choices,
            (OVERDUE, _("Overdue")),
        ]
        fields["priority"].choices = [("", _("Any priority")), *Agreement.Priority.choices]  # type: ignore[attr-defined]
        years = Agreement.objects.filter(mesa=mesa).order_by("-year").values_list("year", flat=True).distinct()
        # Callable choices are computed when first needed (rendering or checking), not here.
        fields["year"].choices = lambda: [("", _("Any year")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        fields["committee"].queryset = committee_policy.visible(actor, Committee.objects.all()).order_by("name")  # type: ignore[attr-defined]
        fields["committee"].empty_label = _("Any committee")  # type: ignore[attr-defined]
        fields["seat"].queryset = seat_policy.visible(actor, Seat.objects.select_related("post"))  # type: ignore[attr-defined]
        fields["seat"].empty_label = _("Any official")  # type: ignore[attr-defined]
        own = Q(pk=actor.membership.pk) if actor.membership is not None else Q(pk__in=[])
        people = membership_policy.visible(actor, Membership.objects.all()) | Membership.objects.filter(own)
        fields["person"].queryset = people.select_related("user").order_by("user__full_name", "pk")  # type: ignore[attr-defined]
        fields["person"].empty_label = _("Anyone")  # type: ignore[attr-defined]
        fields["topic"].queryset = Topic.objects.filter(mesa=mesa).order_by("title")  # type: ignore[attr-defined]
        fields["topic"].empty_label = _("Any topic")  # type: ignore[attr-defined]
        if preset is not None:
            del fields[preset]

    def filtered(self, queryset: models.QuerySet[Agreement], today: dt.date) -> models.QuerySet[Agreement]:
        """Apply every filter that holds a valid value."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])  # type: ignore[attr-defined]
        status = data.get("status")
        if status == OVERDUE:
            queryset = queryset.overdue(today)  # type: ignore[attr-defined]
        elif status:
            queryset = queryset.filter(status=status)
        if data.get("committee") is not None:
            queryset = queryset.filter(committee=data["committee"])
        if data.get("seat") is not None:
            queryset = queryset.for_seat(data["seat"].pk)  # type: ignore[attr-defined]
        if data.get("institution"):
            queryset = queryset.filter(institutions__icontains=data["institution"].strip())
        if data.get("person") is not None:
            queryset = queryset.for_person(data["person"])  # type: ignore[attr-defined]
        if data.get("priority"):
            queryset = queryset.filter(priority=data["priority"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        if data.get("topic") is not None:
            queryset = queryset.filter(topics=data["topic"])
        return queryset


class AgreementForm(forms.Form):
    text = forms.CharField(
        label=_("Agreement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Write what was agreed.")},
    )
    origin_meeting = MeetingChoiceField(
        label=_("Origin meeting"),
        queryset=None,
        to_field_name="public_id",
        required=False,
        help_text=_("The meeting where it was agreed. It sets who may read the agreement, and cannot change later."),
    )
    committee = forms.ModelChoiceField(
        label=_("Responsible committee"), queryset=Committee.objects.none(), to_field_name="public_id", required=False
    )
    responsible_seats = forms.ModelMultipleChoiceField(
        label=_("Responsible officials (by seat)"),
        queryset=Seat.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    institutions = forms.CharField(label=_("Responsible institutions"), max_length=300, required=False)
    responsible_people = PeopleChoiceField(
        label=_("Responsible people"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput(), input_formats=DATE_INPUTS)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Agreement.Priority.choices, initial=Agreement.Priority.NORMAL
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actor: Actor, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mesa = actor.mesa
        fields = self.fields
        committees = Q(dissolved_on__isnull=True)
        people = Q(ended_on__isnull=True, status=Membership.Status.ACTIVE)
        if agreement is not None:
            # What the agreement already names stays available, even a committee since dissolved.
            del fields["origin_meeting"]
            committees |= Q(pk=agreement.committee_id)
            people |= Q(pk__in=agreement.responsible_people.values("pk"))
        else:
            fields["origin_meeting"].queryset = meetings_for(actor)  # type: ignore[attr-defined]
            fields["origin_meeting"].empty_label = _("None: agreed outside a meeting")  # type: ignore[attr-defined]
        fields["committee"].queryset = (  # type: ignore[attr-defined]
            committee_policy.visible(actor, Committee.objects.filter(committees, mesa=mesa)).order_by("name")
        )
        fields["committee"].empty_label = _("No committee")  # type: ignore[attr-defined]
        fields["responsible_seats"].queryset = Seat.objects.filter(mesa=mesa).select_related("post")  # type: ignore[attr-defined]
        fields["responsible_people"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.filter(people, mesa=mesa).select_related("user").order_by("user__full_name")
        )
        fields["topics"].queryset = Topic.objects.filter(mesa=mesa).order_by("title")  # type: ignore[attr-defined]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the follow-up service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=DATE_INPUTS)
    meeting = MeetingChoiceField(label=_("Meeting"), queryset=None, to_field_name="public_id", required=False)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write what was done or reported.")},
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    status_after = forms.ChoiceField(label=_("Status after this entry"), required=False)
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
    )

    def __init__(self, *args: Any, actor: Actor, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["meeting"].queryset = meetings_for(actor)  # type: ignore[attr-defined]
        fields["meeting"].empty_label = _("Outside a meeting")  # type: ignore[attr-defined]
        if agreement_policy.can(actor, "change_status", agreement):
            fields["status_after"].choices = [("", _("No change")), *Agreement.Status.choices]  # type: ignore[attr-defined]
        else:
            # An official reports; those who keep the matrix confirm a change of status.
            del fields["status_after"]
        fields["evidence"].help_text = _(
            "PDF, JPEG, PNG, XLSX, DOCX, CSV or TXT, up to %(limit)s each; you may choose several."
        ) % {"limit": filesizeformat(max_upload_bytes())}
        if not self.is_bound:
            self.initial.setdefault("on", actor.mesa.today())
