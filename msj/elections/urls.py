from django.urls import path

from msj.elections import views

app_name = "elections"
urlpatterns = [
    path("elections/", views.overview, name="overview"),
    path("elections/candidacy/", views.submit_candidacy, name="submit_candidacy"),
    path("elections/stand/", views.stand, name="stand"),
    path("elections/<uuid:public_id>/", views.cycle_detail, name="cycle"),
    path("elections/<uuid:public_id>/forward/", views.forward, name="forward"),
    path("elections/<uuid:public_id>/open-due/", views.open_due, name="open_due"),
    path("elections/candidacies/<uuid:public_id>/letter/", views.letter, name="letter"),
    path("elections/votes/<uuid:public_id>/next-round/", views.next_round, name="next_round"),
]
