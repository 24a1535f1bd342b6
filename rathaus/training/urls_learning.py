"""Training pages: learning (my courses, lessons, checks, certificates)."""

from django.urls import path

from . import views_files
from . import views_learning as views

COURSE = "lernen/<slug:slug>/"
LESSON = COURSE + "lektion/<uuid:lesson_id>/"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("zertifikate/", views.certificate_list, name="certificates"),
    path("zertifikate/<uuid:pk>.pdf", views.certificate, name="certificate"),
    path("material/<uuid:pk>/", views_files.course_file, name="file"),
    path(COURSE, views.course, name="course"),
    path(LESSON, views.lesson, name="lesson"),
    path(LESSON + "pruefung/", views.check, name="check"),
    path(LESSON + "pruefung/<uuid:attempt_id>/", views.check_result, name="check_result"),
]
