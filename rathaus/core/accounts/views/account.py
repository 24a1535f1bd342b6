"""The signed-in person's own account: overview, profile, password, e-mail address
and the request to delete the account."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.core.registries import account_area_registry, visible_areas

from .. import services
from ..exceptions import DeletionAlreadyRequested, EmailInUse, InvalidToken
from ..forms import (
    DeletionRequestForm,
    EmailChangeForm,
    PasswordChangeForm,
    ProfileForm,
)
from ..models import Membership
from ..tokens import EMAIL_CHANGE_VALID_FOR
from ._common import base_url


def _crumbs(label: str | None = None) -> list[dict]:
    items = [{"label": _("My account"), "url": reverse("accounts:dashboard")}]
    if label:
        items.append({"label": label, "url": ""})
    return items


@login_required
@require_GET
def dashboard(request):
    user = request.user
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": Membership.objects.for_user(user).order_by("organisation__name"),
            "deletion_request": services.open_deletion_request(user),
            "pending_email_change": user.email_changes.pending(EMAIL_CHANGE_VALID_FOR).first(),
            "areas": visible_areas(account_area_registry, user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:dashboard")
    return render(
        request, "accounts/profile.html", {"form": form, "breadcrumbs": _crumbs(_("My details"))}
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None, request=request, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.change_password(user=request.user, password=form.cleaned_data["password1"])
        # Keep this session signed in; every other session of the account ends.
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "breadcrumbs": _crumbs(_("Change password"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    form = EmailChangeForm(request.POST or None, request=request, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.request_email_change(
            user=request.user,
            new_email=form.cleaned_data["new_email"],
            base_url=base_url(request),
        )
        messages.success(
            request,
            _(
                "We have sent a link to the new address. Your address changes when you "
                "open the link there."
            ),
        )
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/email_change.html",
        {"form": form, "breadcrumbs": _crumbs(_("Change e-mail address"))},
    )


@require_http_methods(["GET", "POST"])
def email_change_confirm(request, token):
    """The link sent to the new address; a button confirms the change."""
    try:
        if request.method == "POST":
            services.confirm_email_change(token=token)
            messages.success(request, _("Your e-mail address has been changed."))
            return redirect(
                "accounts:dashboard" if request.user.is_authenticated else "accounts:login"
            )
        change = services.email_change_for_token(token=token)
    except InvalidToken:
        return render(request, "accounts/email_change_invalid.html", status=400)
    except EmailInUse:
        return render(request, "accounts/email_change_invalid.html", {"in_use": True}, status=400)
    return render(request, "accounts/email_change_confirm.html", {"new_email": change.new_email})


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request):
    open_request = services.open_deletion_request(request.user)
    form = DeletionRequestForm(request.POST or None, request=request, user=request.user)
    if request.method == "POST" and open_request is None and form.is_valid():
        try:
            services.request_account_deletion(user=request.user, reason=form.cleaned_data["reason"])
        except DeletionAlreadyRequested:
            messages.info(request, _("You have already asked us to delete your account."))
        else:
            messages.success(
                request,
                _(
                    "Your request to delete your account has been received. We will tell "
                    "you when it has been carried out."
                ),
            )
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/deletion_request.html",
        {
            "form": form,
            "open_request": open_request,
            "breadcrumbs": _crumbs(_("Delete account")),
        },
    )
