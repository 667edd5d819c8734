from django.urls import path

from msj.members import views

app_name = "members"
urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/<uuid:public_id>/", views.member_detail, name="detail"),
    path("members/<uuid:public_id>/status/", views.change_status, name="change_status"),
    path("members/export.csv", views.export_directory, name="export_directory"),
    path("seats/", views.seats, name="seats"),
    path("seats/new/", views.create_seat, name="create_seat"),
    path("seats/<uuid:public_id>/hand-over/", views.hand_over, name="hand_over"),
    path("offices/", views.offices, name="offices"),
]
