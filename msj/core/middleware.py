"""Log one structured line per request, with a request id echoed to the client."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("msj.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        # The route pattern, never the concrete path or query string: links carry secrets
        # (password-reset keys, calendar feeds, check-in codes) in their path.
        match = getattr(request, "resolver_match", None)
        path = f"/{match.route}" if match is not None and match.route else "(unresolved)"
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": str(user.public_id) if user is not None and user.is_authenticated else None,
            },
        )
        return response
