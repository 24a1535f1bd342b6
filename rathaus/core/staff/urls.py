"""The staff area (mounted at /staff/, behind the second factor)."""

from django.urls import path

from .views import api_tokens, home, inbox, invitation, town, units, users

app_name = "staff"

urlpatterns = [
    path("", home.home, name="home"),
    # People (administrators)
    path("personen/", users.user_list, name="users"),
    path("personen/neu/", users.user_create, name="user_create"),
    path("personen/<uuid:pk>/", users.user_detail, name="user"),
    path("personen/<uuid:pk>/bearbeiten/", users.user_edit, name="user_edit"),
    path("personen/<uuid:pk>/sperren/", users.user_disable, name="user_disable"),
    path("personen/<uuid:pk>/entsperren/", users.user_enable, name="user_enable"),
    path(
        "personen/<uuid:pk>/zwei-faktor-zuruecksetzen/",
        users.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
    path(
        "personen/<uuid:pk>/einladung-erneut/",
        users.user_resend_invitation,
        name="user_resend_invitation",
    ),
    path("personen/<uuid:pk>/rollen/", users.user_role_add, name="user_role_add"),
    path("personen/<uuid:pk>/verlauf/", users.user_history, name="user_history"),
    path("rollen/<uuid:pk>/entfernen/", users.role_remove, name="role_remove"),
    # Organisational units
    path("einheiten/", units.unit_tree, name="units"),
    path("einheiten/neu/", units.unit_create, name="unit_create"),
    path("einheiten/<uuid:pk>/", units.unit_detail, name="unit"),
    path("einheiten/<uuid:pk>/bearbeiten/", units.unit_edit, name="unit_edit"),
    path("einheiten/<uuid:pk>/aufloesen/", units.unit_retire, name="unit_retire"),
    path("einheiten/<uuid:pk>/reaktivieren/", units.unit_reactivate, name="unit_reactivate"),
    path("einheiten/<uuid:pk>/mitglieder/", units.unit_member_add, name="unit_member_add"),
    path("einheiten/<uuid:pk>/verlauf/", units.unit_history, name="unit_history"),
    # The town's own data and the inboxes
    path("stadt/", town.town_settings, name="town_settings"),
    path("barrierefreiheit/", inbox.feedback_list, name="feedback_list"),
    path("barrierefreiheit/<uuid:pk>/", inbox.feedback_detail, name="feedback"),
    path("barrierefreiheit/<uuid:pk>/erledigt/", inbox.feedback_handled, name="feedback_handled"),
    path("loeschantraege/", inbox.deletion_request_list, name="deletion_requests"),
    path("loeschantraege/<uuid:pk>/", inbox.deletion_request_detail, name="deletion_request"),
    path(
        "loeschantraege/<uuid:pk>/abschliessen/",
        inbox.deletion_request_complete,
        name="deletion_request_complete",
    ),
    path(
        "loeschantraege/<uuid:pk>/ablehnen/",
        inbox.deletion_request_reject,
        name="deletion_request_reject",
    ),
    path("api-zugaenge/", api_tokens.token_list, name="api_tokens"),
    path("api-zugaenge/neu/", api_tokens.token_create, name="api_token_create"),
    path("api-zugaenge/<uuid:pk>/widerrufen/", api_tokens.token_revoke, name="api_token_revoke"),
    # Invitations (reachable signed out; see accounts.middleware.PUBLIC_STAFF_PREFIXES)
    path(
        "einladung/<uidb64>/<token>/",
        invitation.InvitationView.as_view(),
        name="invitation",
    ),
    path("einladung/fertig/", invitation.invitation_done, name="invitation_done"),
]
