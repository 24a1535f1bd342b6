"""Public pages of participation, mounted at /beteiligung/."""

from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.process, name="process"),
    path("<slug:slug>/vorschlaege/", views.proposals, name="proposals"),
    path("<slug:slug>/vorschlaege/neu/", views.proposal_create, name="proposal_create"),
    path("<slug:slug>/vorschlaege/<uuid:pk>/", views.proposal, name="proposal"),
    path("<slug:slug>/vorschlaege/<uuid:pk>/unterstuetzen/", views.support, name="support"),
    path(
        "<slug:slug>/vorschlaege/<uuid:pk>/unterstuetzung-zurueckziehen/",
        views.withdraw_support,
        name="withdraw_support",
    ),
    path("<slug:slug>/umsetzung/", views.accountability, name="accountability"),
]
