"""Helpers of the browser tests: people who can sign in, and signing in as a person would,
with password and (for staff) the TOTP code of their authenticator.

The test modules import them (``from helpers import sign_in, staff_member``): pytest puts
this directory on the import path, as it has no ``__init__.py``.
"""

import re
import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory

PASSWORD = "Sonnenblume-Rathaus-2026"


def staff_member(email, given, family, *roles):
    """A member of staff with ``PASSWORD``, a confirmed authenticator and the ``(role,
    unit)`` pairs given (``unit`` None for a role of the whole town)."""
    user = StaffFactory(email=email, password=PASSWORD, given_name=given, family_name=family)
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    for role, unit in roles:
        RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


def sign_in(page, visit, user, path: str, password: str = PASSWORD) -> None:
    """Sign ``user`` in on the sign-in form ``path`` leads to and wait until ``path`` is
    back. Staff enter the current TOTP code; the helper waits for a new time step when the
    last code has been used already (a code counts once)."""
    page.context.clear_cookies()
    visit(path)
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").last.click()
    if user.is_town_staff:
        page.wait_for_url(re.compile(r"/zwei-faktor/pruefen/"))
        device = user.totpdevice_set.get()
        device.refresh_from_db()
        while int(time.time() - device.t0) // device.step <= device.last_t:
            time.sleep(1)
        page.fill("input[name=code]", str(totp(device.bin_key)).zfill(6))
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))
