"""Development pages, mounted under /dev/ and answering 404 unless DEBUG is on and the person is staff."""

from django.urls import path

from msj.notifications import views

app_name = "notifications"
urlpatterns = [
    path("mail/", views.mail_list, name="dev_mail"),
    path("mail/<str:name>/", views.mail_detail, name="dev_mail_message"),
    path("outbox/", views.outbox, name="dev_outbox"),
]
