"""Staff pages of appointments, mounted at /staff/termine/ (second factor required)."""

from django.urls import path

from . import staff_views as views

app_name = "appointments_staff"

urlpatterns = [
    path("", views.desk_list, name="desk_list"),
    path("schalter/neu/", views.desk_create, name="desk_create"),
    path("schalter/<uuid:pk>/", views.desk_day, name="desk_day"),
    path("schalter/<uuid:pk>/bearbeiten/", views.desk_edit, name="desk_edit"),
    path("termin/<uuid:pk>/absagen/", views.appointment_cancel, name="appointment_cancel"),
    path("schliessungen/", views.closure_list, name="closure_list"),
    path("schliessungen/<uuid:pk>/loeschen/", views.closure_delete, name="closure_delete"),
]
