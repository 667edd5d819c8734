"""The HTTP API, version 1: one NinjaAPI, routers per capability, one auth, one error format."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from msj.api import problems
from msj.api.auth import PersonRateThrottle, SessionAuth, TokenAuth
from msj.api.docs import LocalSwagger
from msj.api.routers import (
    admissions,
    agreements,
    audit,
    committees,
    compliance,
    decisions,
    elections,
    honour,
    indicators,
    me,
    meetings,
    members,
    mesas,
    minutes,
    topics,
    votes,
)

# Calls per minute per person; see PersonRateThrottle.
RATE_PER_MINUTE = 300

DESCRIPTION = """\
The API of msj. Every operation acts as one person, with exactly that person's rights in
each Mesa, as on the web.

**Authentication.** Send `Authorization: Bearer <token>` with a personal access token
(created and revoked at `/me/tokens/`), or call from a signed-in browser session; calls
that change data from a session must send the `X-CSRFToken` header.

**Errors** are `application/problem+json` (RFC 9457) with `type`, `title`, `status` and
`detail` in the language of `Accept-Language` (Spanish or English). A Mesa the caller
does not belong to answers 404, exactly like one that does not exist. Invalid input
answers 422 with `errors`, one entry per field (`field`, `location`, `message`, `code`).
A write that would repeat what is already recorded (the same reply to an invitation)
answers 409 and changes nothing; a refusal by the Mesa's rules (a late convocation, minutes
already sealed) answers 422 with the reason. Problem types beyond the HTTP status:
`…/problems/invalid-token` (401), `…/problems/mfa-required` (403: the caller's role
requires two-step verification), `…/problems/csrf-failed` (403).

**Lists** take `limit` (at most 200) and `offset`, and answer `{"items": […], "count": n}`
in a stable order.
"""


def _problems_for_bare_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer ninja's plain-text 405 as a problem, keeping its Allow header."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(problems.CONTENT_TYPE):
            detail = _("The method %(method)s is not allowed here.") % {"method": request.method}
            return problems.problem_response(request, 405, detail, headers={"Allow": response.get("Allow", "")})
        return response

    return wrapper


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problems.problem_response(request, 404)


class MsjAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """Ninja's URLs, with every error under /api/v1/ answered as a problem (unknown paths too)."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    pattern.callback = _not_found  # ninja answers Django's HTML 404 there
                else:
                    pattern.callback = _problems_for_bare_errors(pattern.callback)
        patterns.append(re_path(r"^", _not_found))
        return patterns, app_name, namespace


api = MsjAPI(
    title="msj API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[PersonRateThrottle(RATE_PER_MINUTE)],
    docs=LocalSwagger(),
)
problems.install(api)

api.add_router("", me.router)
api.add_router("", mesas.router)
api.add_router("", members.router)
api.add_router("", audit.router)
api.add_router("", committees.router)
api.add_router("", topics.router)
api.add_router("", agreements.router)
api.add_router("", meetings.router)
api.add_router("", minutes.router)
api.add_router("", compliance.router)
api.add_router("", admissions.router)
api.add_router("", votes.router)
api.add_router("", honour.router)
api.add_router("", elections.router)
api.add_router("", decisions.router)
api.add_router("", indicators.router)
