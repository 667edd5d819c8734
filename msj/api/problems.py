"""Every API error as ``application/problem+json`` (RFC 9457), in the caller's language.

`title` names the kind of problem and `detail` explains this occurrence; both go through
gettext under the language LocaleMiddleware chose from Accept-Language. Validation errors
add `errors`, one entry per field: ``{"field", "location", "message", "code"}``.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from django.forms.utils import ErrorDict
    from ninja import NinjaAPI

logger = logging.getLogger("msj.api")

CONTENT_TYPE = "application/problem+json"
# Every operation that takes a JSON body names that parameter so; errors then name the field alone.
BODY_PARAMETER = "payload"


def problem_type(slug: str) -> str:
    """The URI naming a problem type of msj; `about:blank` means "just the HTTP status"."""
    return f"{settings.SITE_URL}/api/v1/problems/{slug}"


def default_title(status: int) -> str:
    titles = {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Server error"),
    }
    return titles.get(status) or _("Error")


def default_detail(status: int) -> str:
    details = {
        400: _("The request could not be understood. Check that its body is valid JSON."),
        401: _("Send a valid personal access token in the Authorization header, or sign in."),
        403: _("You do not have permission to do this."),
        404: _("There is nothing here, or you are not allowed to see it."),
        422: _("The input is not valid. The errors list each field to correct."),
        500: _("Something went wrong on our side. It has been recorded; please try again later."),
    }
    return details.get(status) or _("The request could not be completed.")


class Problem(Exception):
    """Raise anywhere in an API operation to answer with this problem."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        title: str | None = None,
        type: str = "about:blank",
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.type = type
        self.errors = errors
        self.headers = headers or {}


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type: str = "about:blank",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type,
        "title": title or default_title(status),
        "status": status,
        "detail": detail or default_detail(status),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="msj"'
    return response


def field_error(field: str | None, message: str, *, location: str = "body", code: str = "invalid") -> dict[str, Any]:
    return {"field": field, "location": location, "message": message, "code": code}


def form_errors(errors: ErrorDict, *, location: str = "body") -> list[dict[str, Any]]:
    """The errors of a Django form, one entry per message, in the same words as the web page."""
    result = []
    for field, messages in errors.as_data().items():
        for error in messages:
            for message in error.messages:
                name = None if field == NON_FIELD_ERRORS else field
                result.append(field_error(name, message, location=location, code=error.code or "invalid"))
    return result


def validation_errors(exc: DjangoValidationError, *, location: str = "body") -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            field_error(None if field == NON_FIELD_ERRORS else field, message, location=location)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [field_error(None, message, location=location) for message in exc.messages]


def _pydantic_message(error: dict[str, Any]) -> str:
    """Say what is wrong with a parameter in words that are translated.

    Pydantic's own messages are English only; these are Django's form messages, which
    Django ships in Spanish too.
    """
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    if kind.startswith("uuid"):
        return _("Enter a valid UUID.")
    if kind == "enum":
        return _("Select a valid choice. That choice is not one of the available choices.")
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": limit}
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": limit}
    if kind == "extra_forbidden":
        return _("This field is not accepted here.")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Send a JSON object.")
    return _("Enter a valid value.")


def ninja_errors(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn ninja's ``loc`` tuples (source, [parameter name,] field…) into field and location."""
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else "body"
        rest = loc[1:]
        # A body parsed into one schema parameter reports ("body", "<parameter>", "<field>").
        if location == "body" and len(rest) > 1 and rest[0] == BODY_PARAMETER:
            rest = rest[1:]
        field = ".".join(rest) or None
        result.append(field_error(field, _pydantic_message(error), location=location, code=error.get("type", "")))
    return result


def install(api: NinjaAPI) -> None:
    """Answer every error of `api` with a problem document."""

    @api.exception_handler(Problem)
    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(
            request,
            exc.status,
            exc.detail,
            title=exc.title,
            type=exc.type,
            errors=exc.errors,
            headers=exc.headers,
        )

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(request, 404)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(request, 403)

    @api.exception_handler(BadRequest)
    @api.exception_handler(SuspiciousOperation)
    def on_bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(request, 400)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own messages are English only; answer with ours for the same status.
        return problem_response(request, exc.status_code)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(request, 401)

    @api.exception_handler(Throttled)
    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        seconds = max(1, math.ceil(exc.wait)) if exc.wait else 60
        detail = _("You have sent too many requests. Try again in %(seconds)s seconds.") % {"seconds": seconds}
        return problem_response(request, 429, detail, headers={"Retry-After": str(seconds)})

    @api.exception_handler(NinjaValidationError)
    def on_invalid_params(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem_response(request, 422, errors=ninja_errors(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def on_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem_response(request, 422, errors=validation_errors(exc))

    @api.exception_handler(Exception)
    def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "API error",
            exc_info=exc,
            extra={"request_id": getattr(request, "request_id", None), "path": request.path},
        )
        return problem_response(request, 500)
