from django.urls import path

from msj.indicators import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.board, name="board"),
    path("indicators/standard/", views.install_standard, name="install_standard"),
    path("indicators/new/", views.indicator_form, name="create"),
    path("indicators/<uuid:public_id>/edit/", views.indicator_form, name="edit"),
    path("indicators/settings/", views.settings_page, name="settings"),
    path("indicators/map/", views.map_page, name="map"),
    path("indicators/report/<slug:kind>.pdf", views.report, name="report"),
    path("indicators/<uuid:public_id>/", views.detail, name="detail"),
    path("indicators/<uuid:public_id>/chart.<slug:fmt>", views.chart, name="chart"),
    path("indicators/<uuid:public_id>/data.<slug:fmt>", views.export, name="export"),
    path("indicators/<uuid:public_id>/targets/", views.target_create, name="target_create"),
    path("indicators/<uuid:public_id>/publication/", views.approve, name="approve"),
    path(
        "indicators/<uuid:public_id>/publication/<uuid:approval_id>/withdraw/",
        views.withdraw,
        name="withdraw_publication",
    ),
    path("indicators/<uuid:public_id>/impact/", views.impact, name="impact"),
    path("indicators/<uuid:public_id>/revisions/", views.revisions, name="revisions"),
]
urlpatterns += [
    path("indicators/imports/", views.imports, name="imports"),
    path("indicators/imports/<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("indicators/imports/template.<slug:fmt>", views.counts_template, name="counts_template"),
]
