from django.urls import path

from msj.topics import views

app_name = "topics"
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/new/", views.create_topic, name="create"),
    path("agenda/<uuid:public_id>/", views.topic_detail, name="detail"),
    path("agenda/<uuid:public_id>/edit/", views.edit_topic, name="edit"),
    path("agenda/<uuid:public_id>/diagnosis/new/", views.new_diagnosis, name="new_diagnosis"),
    path("agenda/<uuid:public_id>/diagnosis/compare/", views.compare_diagnosis, name="compare_diagnosis"),
]
