from django.urls import path

from rathaus.core.accounts import views

app_name = "otp"

urlpatterns = [
    path("einrichten/", views.otp_setup, name="setup"),
    path("pruefen/", views.otp_verify, name="verify"),
]
