"""Training pages: the compliance view, under /staff/schulungen/uebersicht/."""

from django.urls import path

from . import views_compliance as views

urlpatterns = [
    path("", views.overview, name="compliance"),
    path("export.csv", views.overview_csv, name="compliance_csv"),
    path("zuweisen/", views.assign, name="compliance_assign"),
]
