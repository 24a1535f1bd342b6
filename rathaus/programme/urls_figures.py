"""Key-figure pages, under /staff/programm/kennzahlen/ (namespace ``programme``)."""

from django.urls import path

from . import views_figures as views

urlpatterns = [
    path("", views.figure_list, name="figures"),
    path("neu/", views.figure_new, name="figure_new"),
    path("nachweis/<uuid:pk>/", views.evidence_file, name="figure_evidence"),
    path("<slug:slug>/", views.figure_detail, name="figure"),
    path("<slug:slug>/bearbeiten/", views.figure_edit, name="figure_edit"),
    path("<slug:slug>/loeschen/", views.figure_delete, name="figure_delete"),
    path("<slug:slug>/ziel/", views.figure_target, name="figure_target"),
    path("<slug:slug>/wert/", views.figure_value, name="figure_value"),
]
