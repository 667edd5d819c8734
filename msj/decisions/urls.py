from django.urls import path

from msj.decisions import views

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.proposal_list, name="list"),
    path("decisions/new/<slug:kind>/", views.propose, name="create"),
    path("decisions/<uuid:public_id>/", views.proposal_detail, name="detail"),
]
