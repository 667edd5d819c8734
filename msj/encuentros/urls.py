"""The Mesa's side of encuentros, under /m/<mesa-slug>/ (every view wrapped in mesa_view)."""

from django.urls import path

from msj.encuentros import views

app_name = "encuentros"
urlpatterns = [
    path("encuentro/", views.home, name="home"),
    path("encuentro/<uuid:public_id>/", views.detail, name="detail"),
    path("encuentro/<uuid:public_id>/register/", views.register, name="register"),
    path("encuentro/<uuid:public_id>/delegates/<uuid:delegate_id>/withdraw/", views.withdraw, name="withdraw"),
    path("encuentro/<uuid:public_id>/agreements/<uuid:agreement_id>/follow-up/", views.follow_up, name="follow_up"),
]
