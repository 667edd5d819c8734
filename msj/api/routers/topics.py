"""The security agenda: its priority topics, and each topic's versioned diagnosis.

Through the topics' one policy (msj/topics/policies.py), the web's own forms and
msj/topics/services.py; a topic's committees and agreements are those the caller may see.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.committees.models import Committee
from msj.committees.policies import committee_policy
from msj.members.access import Actor
from msj.topics import services
from msj.topics.forms import DiagnosisForm, TopicForm
from msj.topics.models import Diagnosis, Topic
from msj.topics.policies import topic_policy, visible_agreements

router = Router(tags=["topics"])


class NamedRef(Schema):
    public_id: uuid.UUID
    name: str


class TopicMeetingRef(Schema):
    public_id: uuid.UUID
    title: str
    starts_at: dt.datetime


class AgreementRef(Schema):
    public_id: uuid.UUID
    code: str
    text: str
    status: str


class TopicOut(Schema):
    public_id: uuid.UUID
    title: str
    description: str
    status: Topic.Status
    approved_on: dt.date | None
    approved_at: TopicMeetingRef | None = Field(description="The plenary that approved the topic.")
    committees: list[NamedRef]
    diagnosis_version: int | None = Field(description="The latest version of its diagnosis, if any.")

    @staticmethod
    def resolve_committees(obj: Topic) -> list[Any]:
        return list(obj.committees.all())

    @staticmethod
    def resolve_diagnosis_version(obj: Topic) -> int | None:
        return getattr(obj, "latest_version", None)


class DiagnosisOut(Schema):
    version: int
    incidence: str
    capacity: str
    needs: str
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str
    author: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: Diagnosis) -> str:
        return str(obj.author.full_name)


class TopicDetailOut(TopicOut):
    agreements: list[AgreementRef] = Field(description="The agreements on the topic that the caller may read.")
    diagnosis: DiagnosisOut | None = Field(description="The latest version of the diagnosis.")

    @staticmethod
    def resolve_agreements(obj: Topic) -> Any:
        return obj.agreements_out  # type: ignore[attr-defined]

    @staticmethod
    def resolve_diagnosis(obj: Topic) -> Any:
        return obj.diagnosis_out  # type: ignore[attr-defined]


class TopicIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str
    description: str = ""
    status: Topic.Status = Topic.Status.PROPOSED
    approved_on: dt.date | None = Field(None, description="Taken from the plenary's date when only that is given.")
    approved_at: uuid.UUID | None = Field(None, description="A plenary of the Mesa, by public id.")
    committees: list[uuid.UUID] = []


class TopicPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    description: str | None = None
    status: Topic.Status | None = None
    approved_on: dt.date | None = None
    approved_at: uuid.UUID | None = None
    committees: list[uuid.UUID] | None = None


class DiagnosisIn(Schema):
    model_config = ConfigDict(extra="forbid")

    incidence: str = ""
    capacity: str = ""
    needs: str = ""
    strengths: str = ""
    weaknesses: str = ""
    opportunities: str = ""
    threats: str = ""


def _topics(actor: Actor) -> QuerySet[Topic]:
    # Officials do not see the Executive Committee among a topic's committees.
    committees = committee_policy.visible(actor, Committee.objects.order_by("name", "pk"))
    return (
        topic_policy.visible(actor, Topic.objects.all())
        .select_related("approved_at")
        .prefetch_related(Prefetch("committees", queryset=committees))
        .annotate(latest_version=Max("diagnoses__version"))
    )


def _get(actor: Actor, public_id: uuid.UUID) -> Topic:
    topic_policy.require(actor, "view")
    topic: Topic = topic_policy.get(actor, _topics(actor), public_id)
    return topic


def _detail(actor: Actor, public_id: uuid.UUID) -> Topic:
    topic = _get(actor, public_id)
    topic.agreements_out = list(visible_agreements(actor, topic).order_by("-year", "-number"))  # type: ignore[attr-defined]
    topic.diagnosis_out = topic.diagnoses.select_related("author").order_by("-version").first()  # type: ignore[attr-defined]
    return topic


def _save(request: HttpRequest, actor: Actor, topic: Topic | None, values: dict[str, Any]) -> Topic:
    form = TopicForm(form_data(values), instance=topic, mesa=actor.mesa)
    data = valid(form)
    fields = {name: data[name] for name in ("title", "description", "status", "approved_on", "approved_at")}
    if topic is None:
        return services.create_topic(
            mesa=actor.mesa, committees=data["committees"], by=actor, request=request, **fields
        )
    return services.update_topic(topic=topic, committees=data["committees"], by=actor, request=request, **fields)


@router.get("/mesas/{slug}/topics", response=list[TopicOut], summary="List the security agenda", url_name="topics")
@paginate
def list_topics(request: HttpRequest, slug: str, status: Topic.Status | None = None) -> QuerySet[Topic]:
    """The Mesa's priority topics by title, with their approval, committees and diagnosis version."""
    actor = mesa_actor(request, slug)
    topic_policy.require(actor, "view")
    topics = _topics(actor)
    if status is not None:
        topics = topics.filter(status=status)
    return topics.order_by("title", "pk")


@router.get("/mesas/{slug}/topics/{uuid:public_id}", response=TopicDetailOut, summary="Get a topic", url_name="topic")
def get_topic(request: HttpRequest, slug: str, public_id: uuid.UUID) -> Topic:
    """A topic of the security agenda with its agreements (those the caller may read) and latest diagnosis."""
    actor = mesa_actor(request, slug)
    return _detail(actor, public_id)


@router.post("/mesas/{slug}/topics", response={201: TopicDetailOut}, summary="Add a topic", url_name="topic_create")
def create_topic(request: HttpRequest, slug: str, payload: TopicIn) -> Status[Topic]:
    """Put a topic on the security agenda (the technical secretary and the Executive Committee)."""
    actor = mesa_actor(request, slug)
    topic_policy.require(actor, "create")
    topic = _save(request, actor, None, payload.model_dump())
    return Status(201, _detail(actor, topic.public_id))


@router.patch(
    "/mesas/{slug}/topics/{uuid:public_id}",
    response=TopicDetailOut,
    summary="Change a topic",
    url_name="topic_change",
)
def change_topic(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: TopicPatch) -> Topic:
    """Change a topic's title, description, status, approval or committees; send only what changes."""
    actor = mesa_actor(request, slug)
    topic = _get(actor, public_id)
    topic_policy.require(actor, "edit", topic)
    current = {
        "title": topic.title,
        "description": topic.description,
        "status": topic.status,
        "approved_on": topic.approved_on,
        "approved_at": topic.approved_at.public_id if topic.approved_at else None,
        # Every linked committee, those the caller does not see included: a change never drops them.
        "committees": [c.public_id for c in Committee.objects.filter(topics=topic)],
    }
    _save(request, actor, topic, {**current, **payload.model_dump(exclude_unset=True)})
    return _detail(actor, public_id)


@router.get(
    "/mesas/{slug}/topics/{uuid:public_id}/diagnoses",
    response=list[DiagnosisOut],
    summary="List the versions of a topic's diagnosis",
    url_name="topic_diagnoses",
)
@paginate
def list_diagnoses(request: HttpRequest, slug: str, public_id: uuid.UUID) -> QuerySet[Diagnosis]:
    """Every version of the topic's diagnosis, newest first; versions are never edited."""
    actor = mesa_actor(request, slug)
    topic = _get(actor, public_id)
    return topic.diagnoses.select_related("author").order_by("-version")


@router.post(
    "/mesas/{slug}/topics/{uuid:public_id}/diagnoses",
    response={201: DiagnosisOut},
    summary="Write a new version of a topic's diagnosis",
    url_name="topic_diagnosis_create",
)
def write_diagnosis(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: DiagnosisIn) -> Status[Diagnosis]:
    """Write the next version of the diagnosis: incidence, institutional capacity and needs, and a SWOT.

    Send every section, as the new version replaces the whole text; a version identical to
    the latest one is refused. The technical secretary, the Executive Committee and the
    members of a committee working on the topic may write it.
    """
    actor = mesa_actor(request, slug)
    topic = _get(actor, public_id)
    topic_policy.require(actor, "write_diagnosis", topic)
    data = valid(DiagnosisForm(form_data(payload.model_dump())))
    diagnosis = services.write_diagnosis(
        topic=topic, by=actor, request=request, **{name: data[name] for name in services.DIAGNOSIS_FIELDS}
    )
    return Status(201, Diagnosis.objects.select_related("author").get(pk=diagnosis.pk))
