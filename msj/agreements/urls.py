from django.urls import path

from msj.agreements import views

app_name = "agreements"
urlpatterns = [
    path("agreements/", views.matrix, name="matrix"),
    path("agreements/new/", views.create, name="create"),
    path("agreements/export.csv", views.export_csv, name="export_csv"),
    path("agreements/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("agreements/committee/<uuid:public_id>/", views.committee_matrix, name="committee"),
    path("agreements/seat/<uuid:public_id>/", views.seat_matrix, name="seat"),
    path("agreements/person/<uuid:public_id>/", views.person_matrix, name="person"),
    path("agreements/<uuid:public_id>/", views.detail, name="detail"),
    path("agreements/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("agreements/<uuid:public_id>/follow-ups/", views.follow_up, name="follow_up"),
    path("agreements/<uuid:public_id>/evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
]
