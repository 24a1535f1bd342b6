from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/abstimmen/", views.confirm, name="confirm"),
    path("<uuid:pk>/ergebnisse/", views.results, name="results"),
    path("<uuid:pk>/projekte/<uuid:project_pk>/", views.project, name="project"),
]
