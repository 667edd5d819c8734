from django.urls import include, path
from django.views.i18n import set_language

from msj.api.api import api
from msj.votes.views import ballot_link

urlpatterns = [
    # First: the public pages are the most requested, and resolving stops at the first match.
    path("public/", include("msj.public.urls")),
    path("", include("msj.core.urls")),
    path("", include("msj.home.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("me/", include("msj.accounts.urls")),
    path("me/tokens/", include("msj.api.urls")),
    path("", include("msj.meetings.calendar_urls")),  # me/calendar/ and the feed calendar/<secret>.ics
    # The personal voting link e-mailed to each elector (no sign-in; see msj/votes/views.py).
    path("ballot/<str:token>/", ballot_link, name="ballot"),
    path("m/<slug:mesa_slug>/", include("msj.mesas.urls")),
    path("m/<slug:mesa_slug>/", include("msj.members.urls")),
    path("m/<slug:mesa_slug>/", include("msj.audit.urls")),
    path("m/<slug:mesa_slug>/", include("msj.committees.urls")),
    path("m/<slug:mesa_slug>/", include("msj.topics.urls")),
    path("m/<slug:mesa_slug>/meetings/", include("msj.meetings.urls")),
    path("m/<slug:mesa_slug>/", include("msj.minutes.urls")),
    path("m/<slug:mesa_slug>/", include("msj.agreements.urls")),
    path("m/<slug:mesa_slug>/", include("msj.compliance.urls")),
    path("m/<slug:mesa_slug>/", include("msj.votes.urls")),
    path("m/<slug:mesa_slug>/", include("msj.admissions.urls")),
    path("m/<slug:mesa_slug>/", include("msj.elections.urls")),
    path("m/<slug:mesa_slug>/", include("msj.decisions.urls")),
    path("m/<slug:mesa_slug>/", include("msj.honour.urls")),
    path("m/<slug:mesa_slug>/", include("msj.indicators.urls")),
    path("m/<slug:mesa_slug>/", include("msj.surveys.urls")),
    path("m/<slug:mesa_slug>/", include("msj.charter.urls")),
    path("m/<slug:mesa_slug>/", include("msj.exchange.urls")),
    path("m/<slug:mesa_slug>/", include("msj.encuentros.urls")),
    path("m/<slug:mesa_slug>/", include("msj.press.urls")),
    path("network/<slug:network_slug>/", include("msj.network.urls")),
    path("network/<slug:network_slug>/", include("msj.surveys.network_urls")),
    path("network/<slug:network_slug>/", include("msj.charter.network_urls")),
    path("network/<slug:network_slug>/", include("msj.exchange.network_urls")),
    path("network/<slug:network_slug>/", include("msj.encuentros.network_urls")),
    path("network/<slug:network_slug>/", include("msj.public.network_urls")),
    path("api/v1/", api.urls),
    path("dev/", include("msj.notifications.urls")),
]
