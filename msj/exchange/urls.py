"""The Mesa's side of exchange, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import path

from msj.exchange import views

app_name = "exchange"
urlpatterns = [
    path("network/directory/", views.directory, name="directory"),
    path("network/directory/card/", views.card_edit, name="card_edit"),
    path("network/practices/", views.library, name="library"),
    path("twinnings/", views.twinnings, name="twinnings"),
    path("twinnings/new/", views.twinning_request, name="twinning_request"),
    path("twinnings/<uuid:public_id>/", views.twinning_detail, name="twinning"),
    path("twinnings/<uuid:public_id>/answer/", views.twinning_decide, name="twinning_decide"),
    path("twinnings/<uuid:public_id>/end/", views.twinning_end, name="twinning_end"),
    path("twinnings/<uuid:public_id>/documents/", views.twinning_share, name="twinning_share"),
    path("twinnings/<uuid:public_id>/documents/<uuid:document_id>/", views.twinning_document, name="twinning_document"),
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_request, name="visit_request"),
    path("visits/<uuid:public_id>/", views.visit_detail, name="visit"),
    path("visits/<uuid:public_id>/answer/", views.visit_decide, name="visit_decide"),
    path("visits/<uuid:public_id>/record/", views.visit_record, name="visit_record"),
    path("practices/", views.practices, name="practices"),
    path("practices/new/", views.practice_form, name="practice_create"),
    path("practices/<uuid:public_id>/", views.practice_detail, name="practice"),
    path("practices/<uuid:public_id>/edit/", views.practice_form, name="practice_edit"),
    path("practices/<uuid:public_id>/publish/", views.practice_publish, name="practice_publish"),
    path("practices/<uuid:public_id>/withdraw/", views.practice_withdraw, name="practice_withdraw"),
    path("practices/<uuid:public_id>/files/<uuid:file_id>/", views.practice_attachment, name="practice_attachment"),
]
