from django.urls import path

from .views import account, auth, organisations

app_name = "accounts"

urlpatterns = [
    path("", account.dashboard, name="dashboard"),
    path("anmelden/", auth.LoginView.as_view(), name="login"),
    path("abmelden/", auth.LogoutView.as_view(), name="logout"),
    path("registrieren/", auth.register, name="register"),
    path("registrieren/posteingang/", auth.check_inbox, name="check_inbox"),
    path("bestaetigen/<uuid:user_id>/<str:token>/", auth.confirm_email, name="confirm_email"),
    path("bestaetigung-erneut/", auth.resend_confirmation, name="resend_confirmation"),
    path("passwort-vergessen/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profil/", account.profile, name="profile"),
    path("passwort/", account.password_change, name="password_change"),
    path("email/", account.email_change, name="email_change"),
    path(
        "email/bestaetigen/<str:token>/",
        account.email_change_confirm,
        name="email_change_confirm",
    ),
    path("loeschen/", account.deletion_request, name="deletion_request"),
    path("handeln-fuer/", organisations.act_for, name="act_for"),
    path("organisationen/neu/", organisations.organisation_create, name="organisation_create"),
    path(
        "organisationen/<uuid:organisation_id>/",
        organisations.organisation_detail,
        name="organisation",
    ),
    path(
        "organisationen/<uuid:organisation_id>/bearbeiten/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisationen/<uuid:organisation_id>/einladen/",
        organisations.invite,
        name="invite",
    ),
    path(
        "organisationen/<uuid:organisation_id>/einladungen/<uuid:invitation_id>/zurueckziehen/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisationen/<uuid:organisation_id>/mitglieder/<uuid:membership_id>/",
        organisations.member,
        name="member",
    ),
    path(
        "organisationen/<uuid:organisation_id>/mitglieder/<uuid:membership_id>/entfernen/",
        organisations.member_remove,
        name="member_remove",
    ),
    path(
        "organisationen/<uuid:organisation_id>/verlassen/",
        organisations.organisation_leave,
        name="organisation_leave",
    ),
    path("einladung/<str:token>/", organisations.invitation_accept, name="invitation_accept"),
]
