"""The provider area (mounted at /anbieter/; behind the second factor, provider host only)."""

from django.urls import path

from . import views

app_name = "provider"

urlpatterns = [
    path("", views.town_list, name="towns"),
    path("neu/", views.town_create, name="town_create"),
    path("<uuid:pk>/", views.town_detail, name="town"),
    path("<uuid:pk>/sperren/", views.town_suspend, name="town_suspend"),
    path("<uuid:pk>/entsperren/", views.town_resume, name="town_resume"),
    path("<uuid:pk>/export/", views.town_export, name="town_export"),
    path("<uuid:pk>/loeschen/", views.town_delete, name="town_delete"),
    path("<uuid:pk>/administration/", views.administrator_invite, name="administrator_invite"),
    path("<uuid:pk>/adressen/", views.host_add, name="host_add"),
    path("<uuid:pk>/adressen/<int:host_pk>/entfernen/", views.host_remove, name="host_remove"),
    path(
        "<uuid:pk>/adressen/<int:host_pk>/hauptadresse/",
        views.host_make_primary,
        name="host_make_primary",
    ),
    path("exporte/<uuid:pk>/", views.export_download, name="export_download"),
]
