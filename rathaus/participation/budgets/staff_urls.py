from django.urls import path

from . import staff_views as views

app_name = "budgets_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.budget_create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/bearbeiten/", views.budget_edit, name="edit"),
    path("<uuid:pk>/projekte/neu/", views.project_create, name="project_create"),
    path(
        "<uuid:pk>/projekte/<uuid:project_pk>/bearbeiten/",
        views.project_edit,
        name="project_edit",
    ),
    path(
        "<uuid:pk>/projekte/<uuid:project_pk>/loeschen/",
        views.project_delete,
        name="project_delete",
    ),
    path("<uuid:pk>/ergebnisse/", views.results, name="results"),
    path("<uuid:pk>/ergebnisse/auswahl/", views.select, name="select"),
    path("<uuid:pk>/ergebnisse.csv", views.export, name="export"),
]
