"""A person's private calendar feed: the page that creates and revokes its address, and the feed.

The feed is fetched by calendar programs that cannot sign in, so its address is the only
key: a long random secret, stored hashed, shown once, revocable. It lists the person's
meetings in every Mesa where they have a place, exactly those they may see, without titles
or agendas (see `ical`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msj.meetings import ical, services
from msj.meetings.models import CalendarFeed


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Show whether the person has a feed; a POST gives a new address, shown on this answer only."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Nothing was changed: confirm that you want a new calendar address."))
            return redirect("calendar:settings")
        _feed, secret = services.create_calendar_feed(user=request.user, request=request)  # type: ignore[arg-type]
        feed_url = settings.SITE_URL + reverse("calendar:feed", kwargs={"secret": secret})
    active = CalendarFeed.objects.filter(user=request.user.pk, revoked_at__isnull=True).first()
    response = render(request, "meetings/calendar_settings.html", {"active": active, "feed_url": feed_url})
    add_never_cache_headers(response)  # the address is a secret
    return response


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if services.revoke_calendar_feed(user=request.user, request=request):  # type: ignore[arg-type]
        messages.success(request, _("Your calendar address was revoked. Calendars using it stop updating."))
    else:
        messages.info(request, _("You had no calendar address to revoke."))
    return redirect("calendar:settings")


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    user = services.user_for_feed(secret)
    if user is None:
        raise Http404
    with translation.override(user.preferred_language):
        body = ical.feed_ics(services.feed_meetings(user), name=_("Meetings of the Mesas"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="msj.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, max-age=300"
    return response
