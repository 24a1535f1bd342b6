"""The staff pages of petitions, under /staff/eingaben/ (second factor required)."""

from django.urls import path

from . import staff_views

app_name = "petitions_staff"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("adressaten/", staff_views.addressee_list, name="addressee_list"),
    path("adressaten/neu/", staff_views.addressee_create, name="addressee_create"),
    path("adressaten/<uuid:pk>/", staff_views.addressee_edit, name="addressee_edit"),
    path("<uuid:pk>/", staff_views.detail, name="detail"),
    path("<uuid:pk>/weiterleiten/", staff_views.forward, name="forward"),
    path("<uuid:pk>/in-pruefung/", staff_views.examine, name="examine"),
    path("<uuid:pk>/antworten/", staff_views.answer, name="answer"),
    path("<uuid:pk>/abschliessen/", staff_views.close, name="close"),
    path("<uuid:pk>/zur-akte/", staff_views.file_now, name="file_now"),
    path("<uuid:pk>/anlage/", staff_views.attachment, name="attachment"),
    path("<uuid:pk>/antwort.pdf", staff_views.answer_letter, name="answer_letter"),
]
