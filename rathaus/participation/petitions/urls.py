"""The public pages of petitions, under /eingaben/."""

from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.new, name="new"),
    path("meine/", views.mine, name="mine"),
    path("buergerbegehren/", views.citizens_initiative, name="initiative"),
    path("buergerbegehren/unterschriftenliste.pdf", views.signature_list, name="signature_list"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/eingegangen/", views.sent, name="sent"),
    path("<uuid:pk>/anlage/", views.attachment, name="attachment"),
    path("<uuid:pk>/antwort.pdf", views.answer_letter, name="answer_letter"),
]
