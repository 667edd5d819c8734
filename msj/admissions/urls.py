from django.urls import URLPattern

app_name = "admissions"
urlpatterns: list[URLPattern] = []
