"""The public service catalogue, under /leistungen/."""

from django.urls import path

from ..views import catalogue as views

app_name = "catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("lebenslage/<slug:slug>/", views.situation, name="situation"),
    path("<slug:slug>/", views.detail, name="service"),
    path("<slug:slug>/rueckruf/", views.callback, name="callback"),
    path("<slug:slug>/formular.pdf", views.paper_form, name="paper_form"),
]
