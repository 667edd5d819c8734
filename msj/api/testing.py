"""Helpers for tests that walk the API, such as the persona × URL matrix."""

from __future__ import annotations

from msj.api.api import api

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def api_operations() -> list[tuple[str, str]]:
    """Every operation of the API as (METHOD, path template), e.g. ("GET", "/api/v1/mesas/{slug}").

    Taken from the OpenAPI schema, so an operation added anywhere shows up here.
    """
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in HTTP_METHODS
    )
