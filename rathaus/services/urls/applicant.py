"""The applicant's pages, under /antraege/."""

from django.urls import path

from ..views import applicant as views

app_name = "applications"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("neu/<slug:slug>/", views.start, name="start"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/seite/<int:index>/", views.page, name="page"),
    path("<uuid:pk>/pruefen/", views.check, name="check"),
    path("<uuid:pk>/gesendet/", views.sent, name="sent"),
    path("<uuid:pk>/neue-version/", views.switch_form, name="switch_form"),
    path("<uuid:pk>/bezahlen/", views.pay, name="pay"),
    path("<uuid:pk>/antworten/", views.answer, name="answer"),
    path("<uuid:pk>/eingangsbestaetigung.pdf", views.receipt, name="receipt"),
    path("<uuid:pk>/dokumente/<uuid:message_pk>/", views.message_document, name="document"),
    path("<uuid:pk>/bestaetigen/<str:token>/", views.confirm, name="confirm"),
]
