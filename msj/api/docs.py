"""The browsable API documentation, served from our own static files under our CSP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(DocsBase):
    """Swagger UI from the copy django-ninja ships (``ninja/static``), never from a CDN.

    The page has no inline script: its settings travel as JSON in a data block, and the
    CSRF token for "Try it out" with the session in a data attribute.
    """

    template = "api/docs.html"
    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would otherwise send the schema to validator.swagger.io.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        return render(
            request,
            self.template,
            {"api": api, "openapi_url": openapi_url, "swagger_settings": {**self.settings, "url": openapi_url}},
        )
