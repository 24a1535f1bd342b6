"""URLs of the e-file: files and their procedures, and the e-file settings."""

from django.urls import path

from ..views import files, plan, procedures

urlpatterns = [
    path("einstellungen/", plan.records_settings, name="settings"),
    path("akten/", files.file_list, name="file_list"),
    path("akten/neu/", files.file_create, name="file_create"),
    path("akten/<uuid:pk>/", files.file_detail, name="file_detail"),
    path("akten/<uuid:pk>/verlauf/", files.file_history, name="file_history"),
    path("akten/<uuid:pk>/bearbeiten/", files.file_edit, name="file_edit"),
    path("akten/<uuid:pk>/abschliessen/", files.file_close, name="file_close"),
    path("akten/<uuid:pk>/wiedereroeffnen/", files.file_reopen, name="file_reopen"),
    path("akten/<uuid:pk>/freigeben/", files.file_share, name="file_share"),
    path(
        "akten/<uuid:pk>/freigaben/<int:share_pk>/entfernen/",
        files.file_share_remove,
        name="file_share_remove",
    ),
    path("akten/<uuid:pk>/vorgaenge/neu/", procedures.procedure_create, name="procedure_create"),
    path("vorgaenge/<uuid:pk>/", procedures.procedure_detail, name="procedure_detail"),
    path("vorgaenge/<uuid:pk>/verlauf/", procedures.procedure_history, name="procedure_history"),
    path("vorgaenge/<uuid:pk>/vermerke/", procedures.note_add, name="procedure_note_add"),
    path("vorgaenge/<uuid:pk>/erledigt/", procedures.procedure_done, name="procedure_done"),
    path(
        "vorgaenge/<uuid:pk>/wiederaufnehmen/",
        procedures.procedure_reopen,
        name="procedure_reopen",
    ),
    path("vorgaenge/<uuid:pk>/verschieben/", procedures.procedure_move, name="procedure_move"),
    path("vorgaenge/<uuid:pk>/abgeben/", procedures.procedure_handover, name="procedure_handover"),
]
