from django.urls import path

from msj.honour import views

app_name = "honour"
urlpatterns = [
    path("honour/resign/", views.resign, name="resign"),
    path("honour/resignations/new/", views.record_resignation, name="record_resignation"),
    path("honour/complaints/new/", views.complain, name="complain"),
    path("honour/cases/", views.case_list, name="cases"),
    path("honour/cases/new/", views.open_case, name="open_case"),
    path("honour/cases/<uuid:public_id>/", views.case_detail, name="case"),
    path("honour/cases/<uuid:public_id>/panel/", views.add_panel_member, name="add_panel_member"),
    path("honour/cases/<uuid:public_id>/hearings/new/", views.record_hearing, name="record_hearing"),
    path("honour/cases/<uuid:public_id>/decide/", views.decide, name="decide"),
    path("honour/cases/<uuid:public_id>/close/", views.close_case, name="close"),
]
