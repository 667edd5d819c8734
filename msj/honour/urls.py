from django.urls import URLPattern

app_name = "honour"
urlpatterns: list[URLPattern] = []
