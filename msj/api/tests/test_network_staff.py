"""Network staff reach no Mesa's deliberations through the API: every operation of every Mesa is 404.

The one exception is the frame of a Mesa (its name and status), which the network keeps itself.
Nora works for the network both Mesas belong to; she is a member of neither.
"""

from __future__ import annotations

import pytest

from msj.api.testing import api_operations
from msj.members.testing import Personas

from .conftest import API, call, operation_calls, token_for

FRAME = {("GET", f"{API}/mesas/{{slug}}")}


@pytest.mark.parametrize("operation", [op for op in api_operations() if "{slug}" in op[1]])
def test_network_staff_get_404_on_every_operation_of_every_mesa(
    client, personas: Personas, operation: tuple[str, str]
) -> None:
    headers = {"Authorization": f"Bearer {token_for(personas.nora)}"}
    path, body = operation_calls(personas)[operation]
    for mesa_path in (path, path.replace(f"/{personas.mesa_a.slug}", f"/{personas.mesa_b.slug}")):
        response = call(client, operation[0], mesa_path, body, **headers)
        expected = 200 if operation in FRAME else 404
        assert response.status_code == expected, (operation, mesa_path, response.status_code)
