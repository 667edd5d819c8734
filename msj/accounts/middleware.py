"""Send people who must use MFA to set it up before they reach anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from msj.accounts.mfa import has_second_factor, mfa_required

# Paths reachable without MFA: signing out, setting MFA up (and the re-authentication it may
# ask for), the sign-in flow itself, static files, health and the language switch. The API
# applies the same rule to session calls itself, with its own error format. Everything else,
# including the rest of /accounts/ (e-mail, password), waits until a second factor exists.
EXEMPT_PREFIXES = (
    "/accounts/logout/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/login/",
    "/static/",
    "/healthz",
    "/i18n/",
    "/api/",
)


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
            if getattr(request, "htmx", False):
                # A partial swapped into the page would hide the redirect: make htmx navigate.
                return HttpResponseClientRedirect(reverse("mfa_index"))
            return redirect("mfa_index")
        return self.get_response(request)
