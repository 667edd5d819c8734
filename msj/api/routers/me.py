"""The caller and the Mesas where they have a place."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from msj.api.access import caller, places_of
from msj.meetings import services as meeting_services
from msj.meetings.models import CalendarFeed

router = Router(tags=["me"])


class PlaceOut(Schema):
    public_id: uuid.UUID
    slug: str
    name: str
    roles: list[str]


class MeOut(Schema):
    public_id: uuid.UUID
    name: str
    email: str
    language: str
    mesas: list[PlaceOut]


@router.get("/me", response=MeOut, summary="Who I am and where I have a place", url_name="me")
def me(request: HttpRequest) -> MeOut:
    """The caller's account and, for each Mesa they may enter, their roles in it."""
    user = caller(request)
    return MeOut(
        public_id=user.public_id,
        name=user.full_name,
        email=user.email,
        language=user.preferred_language,
        mesas=[
            PlaceOut(public_id=a.mesa.public_id, slug=a.mesa.slug, name=a.mesa.name, roles=sorted(a.roles))
            for a in places_of(user)
        ],
    )


class CalendarOut(Schema):
    active: bool = Field(description="Whether the caller has a calendar address that works.")
    created_at: dt.datetime | None


class NewCalendarOut(Schema):
    url: str = Field(description="The private address of the caller's meetings (iCalendar): shown this once.")


class RevokedOut(Schema):
    revoked: bool = Field(description="False when there was no address to revoke: nothing changed.")


@router.get("/me/calendar", response=CalendarOut, summary="My calendar address", url_name="my_calendar")
def my_calendar(request: HttpRequest) -> dict[str, Any]:
    """Whether the caller has a private calendar address (a feed of their meetings in every Mesa).

    The address itself is a secret shown only when it is made.
    """
    feed = CalendarFeed.objects.filter(user=caller(request), revoked_at__isnull=True).first()
    return {"active": feed is not None, "created_at": feed.created_at if feed else None}


@router.post(
    "/me/calendar",
    response={201: NewCalendarOut},
    summary="Make a new calendar address",
    url_name="my_calendar_create",
)
def new_calendar(request: HttpRequest) -> Status[dict[str, str]]:
    """Give the caller a new private calendar address, revoking the previous one, as the web's page does."""
    _feed, secret = meeting_services.create_calendar_feed(user=caller(request), request=request)
    return Status(201, {"url": settings.SITE_URL + reverse("calendar:feed", kwargs={"secret": secret})})


@router.post(
    "/me/calendar/revoke",
    response=RevokedOut,
    summary="Revoke my calendar address",
    url_name="my_calendar_revoke",
)
def revoke_calendar(request: HttpRequest) -> dict[str, bool]:
    """Revoke the caller's calendar address: calendars using it stop updating (it answers 404)."""
    return {"revoked": meeting_services.revoke_calendar_feed(user=caller(request), request=request)}
