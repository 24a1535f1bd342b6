"""The published annual reports, for everyone, under /egovernment/."""

from django.urls import path

from . import views_report as views

app_name = "programme_public"

urlpatterns = [
    path("", views.public_list, name="reports"),
    path("jahresbericht/<int:year>/", views.public_report, name="report"),
    path("jahresbericht/<int:year>/bericht.pdf", views.public_pdf, name="report_pdf"),
    path("jahresbericht/<int:year>/kennzahlen.csv", views.public_csv, name="report_csv"),
]
