"""The second-factor pages of staff: set up, verify, recovery codes, manage."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login

from rathaus.core.accounts import otp
from rathaus.core.accounts.middleware import redirect_with_next

from .forms import SetupCodeForm, VerifyCodeForm

RECOVERY_CODES_SESSION_KEY = "staff_new_recovery_codes"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("staff:home")


def _staff_or_404(request):
    """Signed-in staff only; returns a redirect for anonymous visitors, else None."""
    user = request.user
    if not user.is_authenticated:
        return redirect_with_next(settings.LOGIN_URL, request.get_full_path())
    if not user.is_town_staff:
        raise Http404
    return None


def _code_error_message(error: otp.SecondFactorError) -> str:
    if isinstance(error, otp.LockedOut):
        minutes = max(1, int((error.until - timezone.now()).total_seconds() // 60) + 1)
        return ngettext(
            "Too many wrong codes. Please try again in %(minutes)d minute.",
            "Too many wrong codes. Please try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    if isinstance(error, otp.SlowDown):
        return _("Please wait a few seconds before you try the next code.")
    return _("This code is not correct. Check the code and try again.")


def _sign_in_with(request, device) -> None:
    """Mark this session as verified with the device; a new session key guards against
    session fixation."""
    request.session.cycle_key()
    otp_login(request, device)


def setup(request):
    """Set up the authenticator app: secret and QR code, confirmed with a first code."""
    if (response := _staff_or_404(request)) is not None:
        return response
    user = request.user
    next_url = _next_url(request)
    if otp.confirmed_totp_device(user) is not None:
        if user.is_verified():
            return redirect("otp:manage")
        return redirect_with_next("otp:verify", next_url)
    device = otp.pending_totp_device(user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp.confirm_totp_device(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except otp.SecondFactorError as error:
            form.add_error("code", _code_error_message(error))
        else:
            device.refresh_from_db()
            _sign_in_with(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Your second factor is set up."))
            return redirect_with_next("otp:recovery_codes", next_url)
    issuer = str(request.town) if getattr(request, "town", None) else "Rathaus"
    return render(
        request,
        "staff/otp/setup.html",
        {
            "form": form,
            "next": next_url,
            "secret": otp.secret_for_display(device),
            "qr_svg": otp.qr_code_svg(
                otp.provisioning_uri(device, issuer=issuer),
                title=_("QR code for your authenticator app"),
            ),
        },
    )


def verify(request):
    """Ask for the code from the app, or a recovery code, once per session."""
    if (response := _staff_or_404(request)) is not None:
        return response
    user = request.user
    next_url = _next_url(request)
    if not otp.has_confirmed_device(user):
        return redirect_with_next("otp:setup", next_url)
    if user.is_verified():
        return redirect(next_url)
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = otp.verify_second_factor(user=user, code=form.cleaned_data["code"])
        except otp.SecondFactorError as error:
            form.add_error("code", _code_error_message(error))
        else:
            _sign_in_with(request, result.device)
            if result.used_recovery_code:
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)d recovery code is left.",
                        "You used a recovery code. %(count)d recovery codes are left.",
                        result.recovery_codes_left,
                    )
                    % {"count": result.recovery_codes_left},
                )
            return redirect(next_url)
    return render(request, "staff/otp/verify.html", {"form": form, "next": next_url})


def recovery_codes(request):
    """Show new recovery codes exactly once."""
    if (response := _staff_or_404(request)) is not None:
        return response
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("otp:manage")
    return render(
        request, "staff/otp/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


def manage(request):
    """The person's own second factor: new recovery codes, or a new device, after a code."""
    if (response := _staff_or_404(request)) is not None:
        return response
    user = request.user
    if not otp.has_confirmed_device(user):
        return redirect("otp:setup")
    if not user.is_verified():
        return redirect_with_next("otp:verify", request.get_full_path())
    action = request.POST.get("action")
    regenerate_form = VerifyCodeForm(
        request.POST if action == "regenerate" else None, prefix="regenerate"
    )
    reset_form = VerifyCodeForm(request.POST if action == "reset" else None, prefix="reset")
    form = {"regenerate": regenerate_form, "reset": reset_form}.get(action)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            otp.verify_second_factor(user=user, code=form.cleaned_data["code"])
        except otp.SecondFactorError as error:
            form.add_error("code", _code_error_message(error))
        else:
            if action == "regenerate":
                codes = otp.regenerate_recovery_codes(user=user, actor=user)
                request.session[RECOVERY_CODES_SESSION_KEY] = codes
                return redirect_with_next("otp:recovery_codes", reverse("otp:manage"))
            otp.remove_second_factor(user=user, actor=user)
            messages.success(request, _("Your authenticator was removed. Set up the new one now."))
            return redirect("otp:setup")
    device = otp.confirmed_totp_device(user)
    return render(
        request,
        "staff/otp/manage.html",
        {
            "device": device,
            "codes_left": otp.recovery_codes_left(user),
            "regenerate_form": regenerate_form,
            "reset_form": reset_form,
            "breadcrumbs": [
                {"label": _("Staff area"), "url": reverse("staff:home")},
                {"label": _("Second factor"), "url": ""},
            ],
        },
    )
