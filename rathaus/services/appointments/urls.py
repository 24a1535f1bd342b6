"""Public appointment pages, mounted at /termine/."""

from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("bestaetigung/", views.confirmation, name="confirmation"),
    path("verwalten/<str:code>/", views.manage, name="manage"),
    path("verwalten/<str:code>/absagen/", views.cancel, name="cancel"),
    path("verwalten/<str:code>/termin.ics", views.manage_ics, name="manage_ics"),
    path("<slug:service_slug>/", views.book, name="book"),
]
