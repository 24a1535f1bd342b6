"""URLs of the e-file: disposal (Aussonderung), under ``aussonderung/``."""

from django.urls import path

from ..views import disposal

urlpatterns = [
    path("", disposal.disposal_list, name="disposal"),
    path("anbieten/", disposal.offer, name="disposal_offer"),
    path("prozesse/<uuid:pk>/", disposal.batch_detail, name="disposal_batch"),
    path(
        "prozesse/<uuid:pk>/nachrichten/<uuid:message_pk>/",
        disposal.message_download,
        name="disposal_message",
    ),
    path("prozesse/<uuid:pk>/bewertung/", disposal.evaluate, name="disposal_evaluate"),
    path(
        "prozesse/<uuid:pk>/bewertung/hochladen/",
        disposal.evaluation_upload,
        name="disposal_evaluation_upload",
    ),
    path("prozesse/<uuid:pk>/uebergabe/", disposal.handover, name="disposal_handover"),
    path(
        "prozesse/<uuid:pk>/quittung/hochladen/",
        disposal.receipt_upload,
        name="disposal_receipt_upload",
    ),
    path("prozesse/<uuid:pk>/quittung/", disposal.receipt_confirm, name="disposal_receipt"),
    path("prozesse/<uuid:pk>/loeschen/", disposal.delete, name="disposal_delete"),
    path("loeschprotokolle/", disposal.deletion_protocols, name="deletion_protocols"),
]
