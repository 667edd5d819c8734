from django.urls import path

from msj.compliance import views

app_name = "compliance"
urlpatterns = [
    path("compliance/", views.dashboard, name="dashboard"),
    path("compliance/fulfilment.csv", views.fulfilment_csv, name="fulfilment_csv"),
]
