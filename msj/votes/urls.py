from django.urls import URLPattern

app_name = "votes"
urlpatterns: list[URLPattern] = []
