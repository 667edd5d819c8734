from django.urls import path

from msj.minutes import views

app_name = "minutes"
urlpatterns = [
    path("meetings/<uuid:meeting_id>/minutes/", views.detail, name="detail"),
    path("meetings/<uuid:meeting_id>/minutes/entries/", views.save_entry, name="save_entry"),
    path("meetings/<uuid:meeting_id>/minutes/agreements/", views.record_agreement, name="record_agreement"),
    path("meetings/<uuid:meeting_id>/minutes/circulate/", views.circulate, name="circulate"),
    path("meetings/<uuid:meeting_id>/minutes/comments/", views.add_comment, name="add_comment"),
    path("meetings/<uuid:meeting_id>/minutes/approve/", views.approve, name="approve"),
    path("meetings/<uuid:meeting_id>/minutes/seal/", views.seal, name="seal"),
    path("meetings/<uuid:meeting_id>/minutes/corrections/", views.record_correction, name="record_correction"),
    path("meetings/<uuid:meeting_id>/minutes/acta.pdf", views.export_pdf, name="export_pdf"),
    path("meetings/<uuid:meeting_id>/minutes/acta.docx", views.export_docx, name="export_docx"),
]
