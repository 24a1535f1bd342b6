"""Staff pages of participation, mounted at /staff/beteiligung/ (second factor required)."""

from django.urls import path

from . import staff_views as views

app_name = "participation_staff"

proposal = "<slug:slug>/vorschlaege/<uuid:pk>/"

urlpatterns = [
    path("", views.process_list, name="process_list"),
    path("neu/", views.process_create, name="process_create"),
    path("<slug:slug>/", views.process_detail, name="process_detail"),
    path("<slug:slug>/bearbeiten/", views.process_edit, name="process_edit"),
    path("<slug:slug>/veroeffentlichen/", views.process_publish, name="process_publish"),
    path("<slug:slug>/phasen/neu/", views.phase_create, name="phase_create"),
    path("<slug:slug>/phasen/<uuid:pk>/", views.phase_edit, name="phase_edit"),
    path("<slug:slug>/phasen/<uuid:pk>/loeschen/", views.phase_delete, name="phase_delete"),
    path("<slug:slug>/dokumente/neu/", views.document_create, name="document_create"),
    path(
        "<slug:slug>/dokumente/<uuid:pk>/loeschen/",
        views.document_delete,
        name="document_delete",
    ),
    path("<slug:slug>/vorschlaege/", views.proposal_list, name="proposal_list"),
    path(proposal, views.proposal_detail, name="proposal_detail"),
    path(f"{proposal}antwort/", views.proposal_answer, name="proposal_answer"),
    path(f"{proposal}umsetzung/", views.proposal_implementation, name="proposal_implementation"),
    path(f"{proposal}meilensteine/neu/", views.milestone_create, name="milestone_create"),
    path(
        f"{proposal}meilensteine/<uuid:milestone_pk>/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        f"{proposal}meilensteine/<uuid:milestone_pk>/loeschen/",
        views.milestone_delete,
        name="milestone_delete",
    ),
]
