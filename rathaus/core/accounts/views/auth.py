"""Signing in and out, self-registration with confirmation of the address, and
resetting a forgotten password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..exceptions import InvalidToken
from ..forms import (
    EmailOnlyForm,
    LoginForm,
    PasswordResetRequestForm,
    RegistrationForm,
    SetNewPasswordForm,
)
from ..oidc import provider_logout_url
from ._common import base_url


class LoginView(auth_views.LoginView):
    """Sign-in by e-mail address and password; django-axes counts failures."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only); the session ends."""

    def post(self, request, *args, **kwargs):
        provider_logout = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if provider_logout:
            # End the identity provider's session too (shared computers).
            return redirect(provider_logout)
        messages.success(request, _("You have signed out."))
        return response


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = translation.get_language() or "de"
        services.register_account(
            email=data["email"],
            password=data["password1"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            language="en" if language.startswith("en") else "de",
            base_url=base_url(request),
        )
        return redirect("accounts:check_inbox")
    return render(request, "accounts/register.html", {"form": form})


@require_GET
def check_inbox(request):
    return render(request, "accounts/check_inbox.html")


@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    form = EmailOnlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_confirmation(email=form.cleaned_data["email"], base_url=base_url(request))
        return redirect("accounts:check_inbox")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm_email(request, user_id, token):
    """The link from the confirmation e-mail: a button confirms, so that programs that
    open links in e-mails cannot confirm on the person's behalf."""
    try:
        if request.method == "POST":
            services.confirm_email(user_id=user_id, token=token)
            messages.success(request, _("Your e-mail address is confirmed. You can sign in now."))
            return redirect("accounts:login")
        services.account_for_confirmation(user_id=user_id, token=token)
    except InvalidToken:
        return render(request, "accounts/confirm_email_invalid.html", status=400)
    return render(request, "accounts/confirm_email.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetNewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
