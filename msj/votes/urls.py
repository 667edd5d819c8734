from django.urls import path

from msj.votes import import_views, views

app_name = "votes"
urlpatterns = [
    path("votes/", views.vote_list, name="list"),
    path("votes/<uuid:public_id>/", views.vote_detail, name="detail"),
    path("votes/<uuid:public_id>/cast/", views.cast, name="cast"),
    path("votes/<uuid:public_id>/close/", views.close, name="close"),
    path("votes/<uuid:public_id>/review/", views.review, name="review"),
    path("votes/<uuid:public_id>/verify/", views.verify, name="verify"),
    path("votes/<uuid:public_id>/ballots.csv", views.ballots_csv, name="ballots_csv"),
    path("votes/<uuid:public_id>/import/", import_views.import_ballots, name="import"),
]
