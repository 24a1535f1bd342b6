"""Staff pages need a second factor: no staff page is reached before TOTP."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

PROVIDER_PREFIX = "/anbieter/"
STAFF_PREFIXES = ("/staff/", "/admin/", PROVIDER_PREFIX)
# Reached from the invitation e-mail before the account has a password or a device.
PUBLIC_STAFF_PREFIXES = ("/staff/einladung/",)


def redirect_with_next(view_name: str, next_url: str):
    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")


class StaffSecondFactorMiddleware:
    """Every staff page (and Django's admin) needs a member of staff verified with a
    second factor in this session.

    Anonymous visitors go to the sign-in page, other accounts get 404 (recorded as
    access denied), staff without a confirmed device go to the set-up page, staff
    with one but not verified in this session go to the verification page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(PROVIDER_PREFIX) and not getattr(request.town, "is_provider", False):
            # The provider area exists only on the provider's own host; elsewhere not even a
            # sign-in page hints at it.
            from django.http import Http404

            raise Http404
        if path.startswith(STAFF_PREFIXES) and not path.startswith(PUBLIC_STAFF_PREFIXES):
            user = request.user
            next_url = request.get_full_path()
            if not user.is_authenticated:
                return redirect_with_next(settings.LOGIN_URL, next_url)
            if not user.is_town_staff or not user.is_active:
                from rathaus.core.accounts.permissions import require

                require(False, actor=user, summary=f"not staff: {path[:200]}")
            if not user.is_verified():
                from .otp import has_confirmed_device

                target = "otp:verify" if has_confirmed_device(user) else "otp:setup"
                return redirect_with_next(target, next_url)
        return self.get_response(request)
