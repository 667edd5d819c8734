"""The persona matrix of press releases and conferences (msj/press).

Every member of Mesa A reads the press pages; the fixtures are under the protocol with the
authorities, so Olga reads them too. Ana (coordinator), Eva (Executive Committee) and Sara
(technical secretary) draft releases and plan conferences; Ana and Eva approve and withdraw;
Ana and Sara publish. Carla (another Mesa) and Nora (network staff) get 404 everywhere. Every
POST below is invalid on purpose (a controversial draft without consensus, no reason, an empty
form) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from msj.members.testing import Personas
from msj.press.testing import press_fixtures
from tests.matrix_base import Entry, mesa_a, not_allowed, only

MEMBERS = only(dict.fromkeys(("ana", "eva", "beto", "olga", "sara"), 200))
DRAFTERS = only(dict.fromkeys(("ana", "eva", "sara"), 200))
DRAFTERS_REFUSED = only(dict.fromkeys(("ana", "eva", "sara"), 302))
APPROVERS_REFUSED = only(dict.fromkeys(("ana", "eva"), 302))
PUBLISHERS_REFUSED = only(dict.fromkeys(("ana", "sara"), 302))


def release(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": press_fixtures(p).draft.public_id}


def conference(p: Personas) -> dict[str, Any]:
    return {"mesa_slug": p.mesa_a.slug, "public_id": press_fixtures(p).conference.public_id}


def with_press(p: Personas) -> dict[str, Any]:
    press_fixtures(p)
    return mesa_a(p)


ENTRIES: dict[str, Entry] = {
    "press:list": Entry(with_press, {"GET": MEMBERS}),
    "press:create": Entry(mesa_a, {"GET": DRAFTERS, "POST": DRAFTERS}, data=lambda p: {"title": ""}),
    "press:detail": Entry(release, {"GET": MEMBERS}),
    "press:edit": Entry(release, {"GET": DRAFTERS, "POST": DRAFTERS}, data=lambda p: {"title": ""}),
    "press:approve": Entry(
        release, {"GET": not_allowed(APPROVERS_REFUSED), "POST": APPROVERS_REFUSED}, data=lambda p: {}
    ),
    "press:publish": Entry(
        release, {"GET": not_allowed(PUBLISHERS_REFUSED), "POST": PUBLISHERS_REFUSED}, data=lambda p: {}
    ),
    "press:withdraw": Entry(
        release, {"GET": not_allowed(APPROVERS_REFUSED), "POST": APPROVERS_REFUSED}, data=lambda p: {"reason": ""}
    ),
    "press:conferences": Entry(with_press, {"GET": MEMBERS}),
    "press:conference_create": Entry(mesa_a, {"GET": DRAFTERS, "POST": DRAFTERS}, data=lambda p: {"place": ""}),
    "press:conference_detail": Entry(conference, {"GET": MEMBERS}),
    "press:conference_record": Entry(
        conference, {"GET": not_allowed(DRAFTERS_REFUSED), "POST": DRAFTERS_REFUSED}, data=lambda p: {"notes": ""}
    ),
}
