"""Response shapes shared by several routers. Rows are named by their public UUID, never their key."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid

from ninja import Schema

from msj.members.models import Membership
from msj.mesas.models import Mesa


class MesaOut(Schema):
    public_id: uuid.UUID
    slug: str
    name: str
    state: str
    status: Mesa.Status
    time_zone: str
    installed_on: dt.date | None


class MemberRef(Schema):
    """A person's place in a Mesa, named by the membership's public id."""

    public_id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.user.full_name
