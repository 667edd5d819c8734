"""The caller and the Mesas where they have a place."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import uuid

from django.http import HttpRequest
from ninja import Router, Schema

from msj.api.access import caller, places_of

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
