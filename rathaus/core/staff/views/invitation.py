"""The set-password page of a staff invitation (reached from the e-mail, signed out)."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import services
from ..forms import StaffInvitationPasswordForm


class InvitationView(auth_views.PasswordResetConfirmView):
    """Django's password-reset confirmation (token in the link, then in the session) for
    invited staff accounts; the link works until a password has been set."""

    template_name = "staff/invitation/set_password.html"
    form_class = StaffInvitationPasswordForm
    post_reset_login = False
    reset_url_token = "passwort-festlegen"  # noqa: S105 - a URL segment, not a secret
    success_url = reverse_lazy("staff:invitation_done")
    title = _("Choose your password")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_town_staff or not user.is_active:
            return None
        return user

    def form_valid(self, form):
        services.accept_staff_invitation(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@require_GET
def invitation_done(request):
    return render(request, "staff/invitation/done.html")
