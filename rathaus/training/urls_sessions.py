"""Training pages: classroom sessions, under /staff/schulungen/termine/."""

from django.urls import path

from . import views_sessions as views

urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("neu/", views.session_new, name="session_new"),
    path("<uuid:pk>/", views.session_detail, name="session"),
    path("<uuid:pk>/bearbeiten/", views.session_edit, name="session_edit"),
    path("<uuid:pk>/absagen/", views.session_cancel, name="session_cancel"),
    path("<uuid:pk>/anmelden/", views.session_register, name="session_register"),
    path("<uuid:pk>/abmelden/", views.session_unregister, name="session_unregister"),
    path("<uuid:pk>/teilnahme/", views.session_attendance, name="session_attendance"),
]
