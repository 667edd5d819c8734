from django.urls import path

from msj.admissions import views

app_name = "admissions"
urlpatterns = [
    path("admissions/", views.application_list, name="list"),
    path("admissions/apply/", views.apply, name="apply"),
    path("admissions/bylaws/", views.bylaws, name="bylaws"),
    path("admissions/<uuid:public_id>/", views.application_detail, name="detail"),
    path("admissions/<uuid:public_id>/files/<str:kind>/", views.download, name="file"),
    path("admissions/<uuid:public_id>/review/", views.review, name="review"),
    path("admissions/<uuid:public_id>/distribute/", views.distribute, name="distribute"),
    path("admissions/<uuid:public_id>/present/", views.present, name="present"),
    path("admissions/<uuid:public_id>/open-vote/", views.open_vote, name="open_vote"),
    path("admissions/<uuid:public_id>/signing/", views.record_signing, name="signing"),
    path("admissions/<uuid:public_id>/committee/", views.choose_committee, name="committee"),
]
