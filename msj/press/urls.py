"""The Mesa's side of press, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import path

from msj.press import views

app_name = "press"
urlpatterns = [
    path("press/", views.release_list, name="list"),
    path("press/new/", views.release_create, name="create"),
    path("press/<uuid:public_id>/", views.release_detail, name="detail"),
    path("press/<uuid:public_id>/edit/", views.release_edit, name="edit"),
    path("press/<uuid:public_id>/approve/", views.release_approve, name="approve"),
    path("press/<uuid:public_id>/publish/", views.release_publish, name="publish"),
    path("press/<uuid:public_id>/withdraw/", views.release_withdraw, name="withdraw"),
    path("press/conferences/", views.conference_list, name="conferences"),
    path("press/conferences/new/", views.conference_create, name="conference_create"),
    path("press/conferences/<uuid:public_id>/", views.conference_detail, name="conference_detail"),
    path("press/conferences/<uuid:public_id>/record/", views.conference_record, name="conference_record"),
]
