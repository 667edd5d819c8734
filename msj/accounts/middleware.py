"""Send people who must use MFA to set it up before they reach anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from msj.accounts.mfa import has_second_factor, mfa_required

# Paths reachable without MFA: signing in and out, setting MFA up, static files, health.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/api/")


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and mfa_required(user)
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                _("Your role requires two-step verification. Set up an authenticator app or a passkey to continue."),
            )
            return redirect("mfa_index")
        return self.get_response(request)
