"""Staff survey pages, mounted at /staff/beteiligung/<process_slug>/umfragen/."""

from django.urls import path

from . import staff_views

app_name = "surveys_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("neu/", staff_views.create, name="create"),
    path("<uuid:pk>/", staff_views.detail, name="detail"),
    path("<uuid:pk>/bearbeiten/", staff_views.edit, name="edit"),
    path("<uuid:pk>/vorschau/", staff_views.preview, name="preview"),
    path("<uuid:pk>/veroeffentlichen/", staff_views.publish, name="publish"),
    path("<uuid:pk>/zurueckziehen/", staff_views.unpublish, name="unpublish"),
    path("<uuid:pk>/loeschen/", staff_views.delete, name="delete"),
    path("<uuid:pk>/fragen/neu/", staff_views.question_create, name="question_create"),
    path("<uuid:pk>/fragen/<int:question_pk>/", staff_views.question_edit, name="question_edit"),
    path(
        "<uuid:pk>/fragen/<int:question_pk>/verschieben/",
        staff_views.question_move,
        name="question_move",
    ),
    path(
        "<uuid:pk>/fragen/<int:question_pk>/loeschen/",
        staff_views.question_delete,
        name="question_delete",
    ),
    path("<uuid:pk>/ergebnisse/", staff_views.results, name="results"),
    path(
        "<uuid:pk>/ergebnisse/freitext/<int:question_pk>/",
        staff_views.text_answers,
        name="text_answers",
    ),
    path("<uuid:pk>/export.csv", staff_views.export, name="export"),
]
