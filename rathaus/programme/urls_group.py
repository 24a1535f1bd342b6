"""The expert group's area, under /expertengruppe/: open to its members, staff or external,
and to the e-Government officer."""

from django.urls import path

from . import views_group as views

app_name = "expert_group"

urlpatterns = [
    path("", views.home, name="home"),
    path("mitglieder/beschaeftigte/", views.member_add_staff, name="member_add_staff"),
    path("mitglieder/extern/", views.member_add_external, name="member_add_external"),
    path("mitglieder/<uuid:pk>/bearbeiten/", views.member_edit, name="member_edit"),
    path("mitglieder/<uuid:pk>/austragen/", views.member_end, name="member_end"),
    path("mitglieder/<uuid:pk>/einladen/", views.member_invite_again, name="member_invite_again"),
    path("sitzungen/", views.meeting_list, name="meetings"),
    path("sitzungen/neu/", views.meeting_new, name="meeting_new"),
    path("sitzungen/<uuid:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<uuid:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("sitzungen/<uuid:pk>/beschluesse/neu/", views.decision_new, name="decision_new"),
    path("sitzungen/<uuid:pk>/dokumente/neu/", views.document_new, name="document_new"),
    path("beschluesse/<uuid:pk>/aufgaben/neu/", views.task_new, name="task_new"),
    path("aufgaben/", views.task_list, name="tasks"),
    path("aufgaben/<uuid:pk>/erledigt/", views.task_done, name="task_done"),
    path("aufgaben/<uuid:pk>/wieder-offen/", views.task_reopen, name="task_reopen"),
    path("dokumente/<uuid:pk>/", views.document_download, name="document"),
]
