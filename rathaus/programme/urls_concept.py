"""The concept's pages and the officer's dashboard, under /staff/programm/: the fields of
action (konzept/), the measures (massnahmen/) with their milestones and risks."""

from django.urls import path

from . import views_concept as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("konzept/", views.field_list, name="fields"),
    path("konzept/neu/", views.field_new, name="field_new"),
    path("konzept/<slug:slug>/", views.field_detail, name="field"),
    path("konzept/<slug:slug>/bearbeiten/", views.field_edit, name="field_edit"),
    path("konzept/<slug:slug>/verschieben/", views.field_move, name="field_move"),
    path("konzept/<slug:slug>/loeschen/", views.field_delete, name="field_delete"),
    path("massnahmen/", views.measure_list, name="measures"),
    path("massnahmen/neu/", views.measure_new, name="measure_new"),
    path("massnahmen/<uuid:measure_id>/", views.measure_detail, name="measure"),
    path("massnahmen/<uuid:measure_id>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path("massnahmen/<uuid:measure_id>/status/", views.measure_status, name="measure_status"),
    path("massnahmen/<uuid:measure_id>/verlauf/", views.measure_history, name="measure_history"),
    path(
        "massnahmen/<uuid:measure_id>/meilensteine/neu/",
        views.milestone_new,
        name="milestone_new",
    ),
    path("meilensteine/<uuid:milestone_id>/", views.milestone_edit, name="milestone_edit"),
    path(
        "meilensteine/<uuid:milestone_id>/erreicht/",
        views.milestone_reached,
        name="milestone_reached",
    ),
    path("massnahmen/<uuid:measure_id>/risiken/neu/", views.risk_new, name="risk_new"),
    path("risiken/<uuid:risk_id>/", views.risk_edit, name="risk_edit"),
    path("risiken/<uuid:risk_id>/schliessen/", views.risk_close, name="risk_close"),
]
