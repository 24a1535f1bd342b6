"""Budget-account pages, under /staff/programm/haushalt/."""

from django.urls import path

from . import views_budget as views

urlpatterns = [
    path("", views.budget, name="budget"),
    path("neu/", views.account_new, name="budget_account_new"),
    path("<uuid:pk>/", views.account, name="budget_account"),
    path("<uuid:pk>/bearbeiten/", views.account_edit, name="budget_account_edit"),
    path("<uuid:pk>/budget/", views.budget_set, name="budget_set"),
    path("budget/<uuid:pk>/entfernen/", views.budget_delete, name="budget_delete"),
    path("<uuid:pk>/buchungen/neu/", views.posting_new, name="budget_posting_new"),
    path("buchungen/<uuid:pk>/", views.posting_edit, name="budget_posting_edit"),
    path("buchungen/<uuid:pk>/entfernen/", views.posting_delete, name="budget_posting_delete"),
    path("<uuid:pk>/import/", views.import_postings, name="budget_import"),
    path("<uuid:pk>/import/vorschau/", views.import_preview, name="budget_import_preview"),
    path("<uuid:pk>/import/buchen/", views.import_book, name="budget_import_book"),
]
