from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.my_jobs, name="list"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/status.json", views.status, name="status"),
]
