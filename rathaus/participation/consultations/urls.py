from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:pk>/", views.draft, name="draft"),
    path("<uuid:pk>/abschnitte/<uuid:section_pk>/", views.section, name="section"),
]
