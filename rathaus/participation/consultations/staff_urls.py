from django.urls import path

from . import staff_views as views

app_name = "consultations_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.draft_create, name="create"),
    path("<uuid:pk>/", views.draft, name="draft"),
    path("<uuid:pk>/bearbeiten/", views.draft_edit, name="edit"),
    path("<uuid:pk>/importieren/", views.import_text, name="import"),
    path("<uuid:pk>/abschnitte/neu/", views.section_create, name="section_create"),
    path(
        "<uuid:pk>/abschnitte/<uuid:section_pk>/bearbeiten/",
        views.section_edit,
        name="section_edit",
    ),
    path(
        "<uuid:pk>/abschnitte/<uuid:section_pk>/loeschen/",
        views.section_delete,
        name="section_delete",
    ),
    path("<uuid:pk>/bericht/", views.report, name="report"),
    path("<uuid:pk>/bericht.pdf", views.report_pdf, name="report_pdf"),
    path("<uuid:pk>/bericht.csv", views.report_csv, name="report_csv"),
]
