"""Training pages: authoring, under /staff/schulungen/kurse/ (training admins only)."""

from django.urls import path

from . import views_authoring as views

urlpatterns = [
    path("", views.course_list, name="author_courses"),
    path("neu/", views.course_new, name="author_course_new"),
    path("<uuid:course_id>/", views.course, name="author_course"),
    path("<uuid:course_id>/bearbeiten/", views.course_edit, name="author_course_edit"),
    path("<uuid:course_id>/veroeffentlichen/", views.course_publish, name="author_course_publish"),
    path("<uuid:course_id>/archivieren/", views.course_archive, name="author_course_archive"),
    path("<uuid:course_id>/lektion/neu/", views.lesson_new, name="author_lesson_new"),
    path("lektion/<uuid:lesson_id>/", views.lesson, name="author_lesson"),
    path("lektion/<uuid:lesson_id>/verschieben/", views.lesson_move, name="author_lesson_move"),
    path("lektion/<uuid:lesson_id>/loeschen/", views.lesson_delete, name="author_lesson_delete"),
    path("lektion/<uuid:lesson_id>/bilder/", views.lesson_image_add, name="author_image_add"),
    path(
        "lektion/<uuid:lesson_id>/bilder/<int:number>/",
        views.lesson_image_edit,
        name="author_image_edit",
    ),
    path(
        "lektion/<uuid:lesson_id>/bilder/<int:number>/loeschen/",
        views.lesson_image_delete,
        name="author_image_delete",
    ),
    path("lektion/<uuid:lesson_id>/handout/", views.lesson_handout, name="author_handout"),
    path(
        "lektion/<uuid:lesson_id>/handout/entfernen/",
        views.lesson_handout_remove,
        name="author_handout_remove",
    ),
    path("lektion/<uuid:lesson_id>/schritt/neu/", views.step_new, name="author_step_new"),
    path("schritt/<int:step_id>/", views.step, name="author_step"),
    path("schritt/<int:step_id>/verschieben/", views.step_move, name="author_step_move"),
    path("schritt/<int:step_id>/loeschen/", views.step_delete, name="author_step_delete"),
    path("lektion/<uuid:lesson_id>/fragen/", views.questions, name="author_questions"),
    path("lektion/<uuid:lesson_id>/fragen/neu/", views.question_new, name="author_question_new"),
    path("frage/<uuid:question_id>/", views.question, name="author_question"),
    path(
        "frage/<uuid:question_id>/loeschen/",
        views.question_delete,
        name="author_question_delete",
    ),
]
