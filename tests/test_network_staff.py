"""Network staff never see a Mesa's deliberations: every confidential page of every Mesa is 404.

Nora works for the network that both Mesas belong to and is a member of neither. The pages a
Mesa shows the network are few and named here; every other Mesa page — GET or POST, in Mesa A
or Mesa B — answers her 404, exactly as for a stranger. The public face (msj/public) shows only
what was published and is everyone's.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from msj.members.testing import Personas
from tests.test_persona_matrix import all_entries

# The Mesa's frame (name, state, status), which the network keeps itself (msj/mesas/views.py).
NETWORK_FACING = {"mesas:dashboard"}


def test_network_staff_get_404_on_every_confidential_page_of_every_mesa(client: Any, personas: Personas) -> None:
    client.force_login(personas.nora)
    checked = 0
    for name, entry in sorted(all_entries().items()):
        kwargs = entry.kwargs(personas)
        if "mesa_slug" not in kwargs or name.startswith("public:") or name in NETWORK_FACING:
            continue
        for mesa in (personas.mesa_a, personas.mesa_b):
            url = reverse(name, kwargs={**kwargs, "mesa_slug": mesa.slug})
            for method in ("GET", "POST"):
                status = getattr(client, method.lower())(url).status_code
                # A method the page does not take may answer 405: the network knows its Mesas exist.
                allowed = {404} if method in entry.expect else {404, 405}
                assert status in allowed, f"{method} {url} ({name}): {status}"
                checked += 1
    assert checked > 400  # every capability's pages, both Mesas, both methods
    for mesa in (personas.mesa_a, personas.mesa_b):
        assert client.get(reverse("mesas:dashboard", kwargs={"mesa_slug": mesa.slug})).status_code == 200
