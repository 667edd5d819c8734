"""The network staff's side of encuentros, under /network/<network-slug>/ (every view wrapped in network_view)."""

from django.urls import path

from msj.encuentros import network_views as views

app_name = "encuentros_network"
urlpatterns = [
    path("encuentros/", views.encuentro_list, name="list"),
    path("encuentros/new/", views.encuentro_form, name="create"),
    path("encuentros/<uuid:public_id>/", views.detail, name="detail"),
    path("encuentros/<uuid:public_id>/edit/", views.encuentro_form, name="edit"),
    path("encuentros/<uuid:public_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("encuentros/<uuid:public_id>/agenda/<uuid:item_id>/remove/", views.agenda_remove, name="agenda_remove"),
    path("encuentros/<uuid:public_id>/attendance/", views.attendance, name="attendance"),
    path("encuentros/<uuid:public_id>/agreements/", views.agreements, name="agreements"),
    path("encuentros/<uuid:public_id>/agreements.<slug:fmt>", views.export, name="export"),
    path("encuentros/<uuid:public_id>/agreements/<uuid:agreement_id>/", views.agreement, name="agreement"),
    path(
        "encuentros/<uuid:public_id>/agreements/<uuid:agreement_id>/follow-up/",
        views.agreement_follow_up,
        name="agreement_follow_up",
    ),
]
