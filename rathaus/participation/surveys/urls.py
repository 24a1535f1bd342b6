"""Public survey pages, mounted at /beteiligung/<process_slug>/umfragen/."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:pk>/", views.answer, name="answer"),
    path("<uuid:pk>/danke/", views.thanks, name="thanks"),
    path("<uuid:pk>/ergebnisse/", views.results, name="results"),
]
