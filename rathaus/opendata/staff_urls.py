"""The data stewards' pages under /staff/daten/."""

from django.urls import path

from . import staff_views as views

app_name = "opendata_staff"

urlpatterns = [
    path("", views.dataset_list, name="list"),
    path("neu/", views.dataset_new, name="dataset_new"),
    path("automatisch/", views.automatic, name="automatic"),
    path("automatisch/<str:key>/schalten/", views.automatic_switch, name="automatic_switch"),
    path("automatisch/<str:key>/aktualisieren/", views.automatic_refresh, name="automatic_refresh"),
    path("datensatz/<slug:name>/", views.dataset, name="dataset"),
    path("datensatz/<slug:name>/bearbeiten/", views.dataset_edit, name="dataset_edit"),
    path("datensatz/<slug:name>/veroeffentlichen/", views.dataset_publish, name="publish"),
    path("datensatz/<slug:name>/zurueckziehen/", views.dataset_withdraw, name="withdraw"),
    path("datensatz/<slug:name>/ressource/neu/", views.resource_new, name="resource_new"),
    path("datensatz/<slug:name>/ressource/<uuid:resource_id>/", views.resource, name="resource"),
    path(
        "datensatz/<slug:name>/ressource/<uuid:resource_id>/regeln/",
        views.resource_schema,
        name="resource_schema",
    ),
    path(
        "datensatz/<slug:name>/ressource/<uuid:resource_id>/ersetzen/",
        views.resource_replace,
        name="resource_replace",
    ),
    path(
        "datensatz/<slug:name>/ressource/<uuid:resource_id>/aendern/",
        views.resource_edit,
        name="resource_edit",
    ),
    path(
        "datensatz/<slug:name>/ressource/<uuid:resource_id>/loeschen/",
        views.resource_delete,
        name="resource_delete",
    ),
]
