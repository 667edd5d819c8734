from django.urls import URLPattern

app_name = "elections"
urlpatterns: list[URLPattern] = []
