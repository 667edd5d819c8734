from django.urls import path

from msj.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("attendance/", views.attendance_report, name="attendance_report"),
    path("<uuid:public_id>/", views.meeting_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.meeting_edit, name="edit"),
    path("<uuid:public_id>/convene/", views.meeting_convene, name="convene"),
    path("<uuid:public_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("<uuid:public_id>/invite/", views.meeting_invite, name="invite"),
    path("<uuid:public_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("<uuid:public_id>/agenda/<uuid:item_id>/move/", views.agenda_move, name="agenda_move"),
    path("<uuid:public_id>/agenda/<uuid:item_id>/presenter/", views.agenda_presenter, name="agenda_presenter"),
    path("<uuid:public_id>/reply/", views.meeting_reply, name="reply"),
    path("<uuid:public_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("<uuid:public_id>/qr/", views.meeting_qr, name="qr"),
    path("<uuid:public_id>/check-in/<str:code>/", views.check_in, name="check_in"),
]
