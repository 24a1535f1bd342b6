"""The portal's public pages under /daten/."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:name>/", views.dataset, name="dataset"),
    path("<slug:name>/<uuid:resource_id>/", views.resource, name="resource"),
    path("<slug:name>/<uuid:resource_id>/download/", views.download, name="download"),
    path("<slug:name>/<uuid:resource_id>/daten.csv", views.table_csv, name="table_csv"),
    path("<slug:name>/<uuid:resource_id>/daten.json", views.table_json, name="table_json"),
]
