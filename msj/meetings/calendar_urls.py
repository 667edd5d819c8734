"""The person's own calendar feed, outside any Mesa."""

from django.urls import path

from msj.meetings import feeds

app_name = "calendar"
urlpatterns = [
    path("me/calendar/", feeds.calendar_settings, name="settings"),
    path("me/calendar/revoke/", feeds.calendar_revoke, name="revoke"),
    path("calendar/<str:secret>.ics", feeds.calendar_feed, name="feed"),
]
