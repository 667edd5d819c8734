"""The public face: pages anyone may read, under /public/."""

from django.urls import URLPattern

app_name = "public"
urlpatterns: list[URLPattern] = []
