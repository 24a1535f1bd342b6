"""Staff pages need a second factor: no staff page is reached before TOTP."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

STAFF_PREFIXES = ("/staff/", "/admin/")


class StaffSecondFactorMiddleware:
    """Send staff without a verified second factor to set-up or verification.

    Applies to every staff path and to staff accounts anywhere they are signed in
    in the staff area. Django's admin is behind the same rule.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(STAFF_PREFIXES):
            user = request.user
            if not user.is_authenticated:
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={path}")
            if not user.is_town_staff:
                from django.http import Http404

                raise Http404
            if not user.is_verified():
                from django_otp import devices_for_user

                has_device = any(True for _ in devices_for_user(user, confirmed=True))
                target = "otp:verify" if has_device else "otp:setup"
                return redirect(f"{reverse(target)}?next={path}")
        return self.get_response(request)
