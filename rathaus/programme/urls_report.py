"""The annual report's staff pages, under /staff/programm/jahresbericht/."""

from django.urls import path

from . import views_report as views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("neu/", views.report_create, name="report_create"),
    path("<int:year>/", views.report_detail, name="report"),
    path("<int:year>/erzeugen/", views.report_generate, name="report_generate"),
    path("<int:year>/texte/", views.report_texts, name="report_texts"),
    path("<int:year>/vorschau/", views.report_preview, name="report_preview"),
    path("<int:year>/veroeffentlichen/", views.report_publish, name="report_publish"),
]
