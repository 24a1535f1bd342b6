"""The second-factor pages (mounted at /zwei-faktor/, namespace "otp")."""

from django.urls import path

from . import otp_views

app_name = "otp"

urlpatterns = [
    path("", otp_views.manage, name="manage"),
    path("einrichten/", otp_views.setup, name="setup"),
    path("pruefen/", otp_views.verify, name="verify"),
    path("wiederherstellungscodes/", otp_views.recovery_codes, name="recovery_codes"),
]
