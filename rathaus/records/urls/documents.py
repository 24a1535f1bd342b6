"""URLs of the e-file: documents, their versions and letters from templates."""

from django.urls import path

from ..views import documents

urlpatterns = [
    path("vorgaenge/<uuid:pk>/dokumente/neu/", documents.document_upload, name="document_upload"),
    path(
        "vorgaenge/<uuid:pk>/dokumente/vorlage/",
        documents.document_from_template,
        name="document_from_template",
    ),
    path("dokumente/<uuid:pk>/", documents.document_detail, name="document_detail"),
    path(
        "dokumente/<uuid:pk>/versionen/neu/",
        documents.document_version_upload,
        name="document_version_upload",
    ),
    path(
        "dokumente/versionen/<uuid:pk>/herunterladen/",
        documents.document_download,
        name="document_download",
    ),
]
