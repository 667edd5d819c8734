from django.urls import path

from msj.committees import views

app_name = "committees"
urlpatterns = [
    path("committees/", views.committee_list, name="list"),
    path("committees/new/", views.create_committee, name="create"),
    path("committees/axes/new/", views.create_axis, name="create_axis"),
    path("committees/without-committee/", views.without_committee, name="without_committee"),
    path("committees/<uuid:public_id>/", views.committee_detail, name="detail"),
    path("committees/<uuid:public_id>/dissolve/", views.dissolve, name="dissolve"),
    path("committees/<uuid:public_id>/join/", views.join, name="join"),
    path("committees/<uuid:public_id>/leave/", views.leave, name="leave"),
    path("committees/<uuid:public_id>/sign/", views.sign, name="sign"),
    path("committees/<uuid:public_id>/manual/", views.adopt_manual, name="manual"),
    path("committees/<uuid:public_id>/add-person/", views.add_person, name="add_person"),
    path("committees/<uuid:public_id>/requests/<uuid:member_id>/approve/", views.approve, name="approve"),
    path("committees/<uuid:public_id>/requests/<uuid:member_id>/decline/", views.decline, name="decline"),
]
