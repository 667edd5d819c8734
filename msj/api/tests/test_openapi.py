"""The OpenAPI schema and the browsable docs, which must work offline and under our CSP."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from msj.api.testing import api_operations

from .conftest import API
from .extensions import capability_modules


def test_schema_lists_every_operation_with_a_summary(client, db) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    operations = [
        (method.upper(), path, details)
        for path, methods in schema["paths"].items()
        for method, details in methods.items()
    ]
    assert sorted((m, p) for m, p, _ in operations) == api_operations()
    # The operations of the main table, plus those of each capability's own table.
    assert len(operations) == 64 + sum(len(m.MATRIX) for m in capability_modules())
    for method, path, details in operations:
        assert details.get("summary"), (method, path)
        assert details.get("description"), (method, path)
        assert details.get("security"), (method, path)  # nothing is open to anonymous callers
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_schemas_never_expose_primary_keys(client, db) -> None:
    schema = client.get(f"{API}/openapi.json").json()
    for name, component in schema["components"]["schemas"].items():
        keys = {p for p in component.get("properties", {}) if p == "id" or p.endswith("_id")}
        assert keys <= {"public_id", "object_id"}, name  # object_id holds the audited row's public id


def test_docs_page_uses_only_local_files(client, db) -> None:
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # Nothing from another host: no CDN, and no validator badge.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "validator.swagger.io" not in html
    assert '"validatorUrl": null' in html
    for path in re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html):
        assert finders.find(path), path


def test_docs_page_has_no_inline_script(client, db) -> None:
    """script-src 'self': every script is a file, or a JSON data block that never runs."""
    html = client.get(f"{API}/docs").content.decode()
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        if "src=" in attributes:
            assert not body.strip()
    assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no inline event handlers
    assert "style=" not in html


def test_docs_page_is_served_under_the_csp(client, db) -> None:
    csp = client.get(f"{API}/docs")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
