"""URLs of the xdomea pages (included by records.urls under ``xdomea/``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_message, name="xdomea_import"),
    path("akten/<uuid:pk>/export/", views.export_message, name="xdomea_export"),
]
