"""Who is calling: a personal access token, or the browser session with its CSRF check.

Either way the caller is a person, with that person's rights and nothing more. The same
two-step-verification rule as the web applies (msj.accounts.middleware): a person whose
role requires it and who has not set it up gets 403.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from msj.accounts.mfa import has_second_factor, mfa_required
from msj.accounts.models import User
from msj.api.problems import Problem, problem_type
from msj.api.services import user_for_token


def require_second_factor(user: User) -> None:
    if mfa_required(user) and not has_second_factor(user):
        raise Problem(
            403,
            _("Your role requires two-step verification. Set up an authenticator app or a passkey to continue."),
            type=problem_type("mfa-required"),
        )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer msj_…``: a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token.strip())
        if user is None:
            # A token was sent and is no good: say so, rather than falling back to the session.
            raise Problem(
                401,
                _("The access token is not valid: it may be mistyped, expired or revoked."),
                type=problem_type("invalid-token"),
            )
        require_second_factor(user)
        request.user = user  # so logs and audit entries name the person
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; calls that change data must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check runs in `authenticate`, once we know someone is signed in, so that an
        # anonymous call gets 401 rather than a CSRF complaint.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise Problem(
                403,
                _("The CSRF check failed. Send the X-CSRFToken header, or use a personal access token."),
                type=problem_type("csrf-failed"),
            )
        assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL
        require_second_factor(user)
        return user


class PersonRateThrottle(BaseThrottle):
    """At most `rate` calls per minute per person, counted in each server process.

    A guard against a runaway script, not a security boundary: tokens are too long to
    guess. Counting in process memory keeps every call free of extra database writes.
    """

    window = 60

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._counts = LocMemCache("msj-api-throttle", {"TIMEOUT": self.window * 2, "OPTIONS": {"MAX_ENTRIES": 10000}})
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "auth", None)
        if user is None:
            return True
        now = time.time()
        window_start = int(now // self.window) * self.window
        key = f"{user.public_id}:{window_start}"
        self._counts.add(key, 0)
        count = self._counts.incr(key)
        self._local.wait = window_start + self.window - now
        return count <= self.rate

    def wait(self) -> float | None:
        wait: Any = getattr(self._local, "wait", None)
        return wait
