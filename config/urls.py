from django.urls import include, path
from django.views.i18n import set_language

from msj.api.api import api

urlpatterns = [
    path("", include("msj.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("me/", include("msj.accounts.urls")),
    path("me/tokens/", include("msj.api.urls")),
    path("m/<slug:mesa_slug>/", include("msj.mesas.urls")),
    path("m/<slug:mesa_slug>/", include("msj.members.urls")),
    path("m/<slug:mesa_slug>/", include("msj.audit.urls")),
    path("api/v1/", api.urls),
    path("dev/", include("msj.notifications.urls")),
]
