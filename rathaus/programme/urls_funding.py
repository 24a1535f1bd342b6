"""Funding pages under /staff/programm/foerderung/: the funding programmes, the applications
for funding (antraege/) and the best-practice library (beispiele/)."""

from django.urls import path

from . import views_funding as views

urlpatterns = [
    path("", views.funding_list, name="funding"),
    path("neu/", views.funding_new, name="funding_new"),
    path("<uuid:pk>/", views.funding_detail, name="funding_detail"),
    path("<uuid:pk>/bearbeiten/", views.funding_edit, name="funding_edit"),
    path("<uuid:pk>/loeschen/", views.funding_delete, name="funding_delete"),
    path("<uuid:pk>/verlauf/", views.funding_history, name="funding_history"),
    path("<uuid:pk>/antraege/neu/", views.application_new, name="funding_application_new"),
    path("antraege/", views.application_list, name="funding_applications"),
    path(
        "antraege/<uuid:pk>/bearbeiten/",
        views.application_edit,
        name="funding_application_edit",
    ),
    path("beispiele/", views.practice_list, name="practices"),
    path("beispiele/neu/", views.practice_new, name="practice_new"),
    path("beispiele/<uuid:pk>/", views.practice_detail, name="practice_detail"),
    path("beispiele/<uuid:pk>/bearbeiten/", views.practice_edit, name="practice_edit"),
    path("beispiele/<uuid:pk>/loeschen/", views.practice_delete, name="practice_delete"),
]
