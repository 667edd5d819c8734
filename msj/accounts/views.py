"""The person's own account: language preference."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from msj.accounts.forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(form.instance.preferred_language)
        response = redirect("accounts:profile")
        response.set_cookie(
            "django_language", form.instance.preferred_language, samesite="Lax", secure=request.is_secure()
        )
        messages.success(request, _("Your profile was saved."))
        return response
    return render(request, "accounts/profile.html", {"form": form})
