"""The person's personal access tokens: list, create (the secret is shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from msj.api import services
from msj.api.forms import TokenForm
from msj.api.models import PersonalAccessToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the person's tokens; a POST creates one and shows its secret on this answer only."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = services.create_token(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            request=request,
        )
        form = TokenForm()
    token_list = PersonalAccessToken.objects.filter(user=request.user.pk).order_by("-created_at", "-pk")
    response = render(
        request, "api/tokens.html", {"form": form, "tokens": token_list, "created": created, "secret": secret}
    )
    # The secret must not linger in any cache, and no page of tokens needs to.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    token = get_object_or_404(PersonalAccessToken, user=request.user.pk, public_id=public_id)
    if token.revoked_at is None:
        services.revoke_token(token=token, by=request.user, request=request)
        messages.success(request, _("The token “%(name)s” was revoked. It no longer works.") % {"name": token.name})
    else:
        messages.info(request, _("The token “%(name)s” had already been revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
