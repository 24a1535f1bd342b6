"""Staff pages need a second factor: set-up, verification, recovery codes, lockout."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory
from rathaus.core.audit.models import AuditEntry

from .conftest import sign_in_verified


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now."""
    device.refresh_from_db()
    return str(totp(device.bin_key, step=device.step, t0=device.t0)).zfill(6)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def recovery_codes_for(user, codes=("abcd2345", "efgh6723")) -> list[str]:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return list(codes)


def test_anonymous_visitor_is_sent_to_sign_in_with_next(client):
    response = client.get("/staff/personen/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fstaff%2Fpersonen%2F"


def test_citizen_gets_404_on_staff_pages_and_it_is_audited(client):
    citizen = UserFactory()
    client.force_login(citizen)
    assert client.get("/staff/").status_code == 404
    assert client.get("/admin/").status_code == 404
    denied = AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, actor_id=str(citizen.pk)
    )
    assert denied.count() == 2
    assert denied.first().ip_address == "127.0.0.1"


def test_staff_user_without_totp_is_sent_to_set_it_up(client):
    client.force_login(StaffFactory())
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp:setup"))


def test_django_admin_is_behind_the_same_rule(client):
    client.force_login(StaffFactory(is_staff=True))
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("otp:setup"))


def test_set_up_with_a_real_code_then_recovery_codes_are_shown_once(client):
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get(reverse("otp:setup") + "?next=/staff/")
    html = page.content.decode()
    svg = html.split('<svg role="img"', 1)[1].split("</svg>", 1)[0]
    assert 'class="rh-qr"' in svg and "<title>" in svg
    assert "style=" not in svg and "data:" not in svg
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = re.sub(r"\s", "", re.search(r'class="rh-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1))
    assert secret  # the key can be typed in by hand

    response = client.post(
        reverse("otp:setup"), {"code": code_for(device), "next": "/staff/"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("otp:recovery_codes"))
    shown = re.findall(r'<code translate="no">([a-z2-7]{8})</code>', response.content.decode())
    assert len(shown) == 10
    assert set(shown) == set(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    # Shown once only.
    again = client.get(reverse("otp:recovery_codes"))
    assert again.status_code == 302
    # And the staff area is open in this session.
    assert client.get("/staff/").status_code == 200


def test_set_up_with_a_wrong_code_shows_an_error_and_keeps_the_device_unconfirmed(client):
    staff = StaffFactory()
    client.force_login(staff)
    client.get(reverse("otp:setup"))
    device = TOTPDevice.objects.get(user=staff)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("otp:setup"), {"code": wrong})
    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/staff/").status_code == 302


def test_staff_with_a_device_verifies_with_the_current_code(client):
    staff = StaffFactory()
    device = confirmed_device(staff)
    client.force_login(staff)
    response = client.get("/staff/stadt/")
    assert response["Location"] == reverse("otp:verify") + "?next=%2Fstaff%2Fstadt%2F"
    response = client.post(reverse("otp:verify"), {"code": code_for(device), "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_verification_does_not_redirect_to_another_site(client):
    staff = StaffFactory()
    device = confirmed_device(staff)
    client.force_login(staff)
    response = client.post(
        reverse("otp:verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("staff:home")


def test_a_recovery_code_works_once(client):
    staff = StaffFactory()
    confirmed_device(staff)
    code, _other = recovery_codes_for(staff)
    client.force_login(staff)
    response = client.post(reverse("otp:verify"), {"code": code.upper(), "next": "/staff/"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200

    client.logout()
    client.force_login(staff)
    response = client.post(reverse("otp:verify"), {"code": code, "next": "/staff/"})
    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()
    assert client.get("/staff/").status_code == 302


def test_wrong_codes_lock_the_second_factor_after_the_limit(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # leave out the growing delay, test the lockout
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.AXES_FAILURE_LIMIT = 3
    staff = StaffFactory()
    device = confirmed_device(staff)
    recovery_codes_for(staff)
    client.force_login(staff)
    for wrong in ("000000", "zzzzzzzz", "111111"):
        client.post(reverse("otp:verify"), {"code": wrong})
    response = client.post(reverse("otp:verify"), {"code": code_for(device)})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/staff/").status_code == 302
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.LOGIN_FAILED, actor_id=str(staff.pk)
        ).count()
        == 3
    )


def test_a_wrong_code_makes_the_next_try_wait(client):
    staff = StaffFactory()
    device = confirmed_device(staff)
    client.force_login(staff)
    client.post(reverse("otp:verify"), {"code": "000000"})
    response = client.post(reverse("otp:verify"), {"code": code_for(device)})
    assert "Please wait a few seconds" in response.content.decode()


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(client):
    staff = StaffFactory()
    device = sign_in_verified(client, staff)
    old = recovery_codes_for(staff)
    response = client.post(
        reverse("otp:manage"), {"action": "regenerate", "regenerate-code": "12345"}
    )
    assert "This code is not correct" in response.content.decode()
    response = client.post(
        reverse("otp:manage"),
        {"action": "regenerate", "regenerate-code": code_for(device)},
        follow=True,
    )
    shown = re.findall(r'<code translate="no">([a-z2-7]{8})</code>', response.content.decode())
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert stored == set(shown)
    assert not stored & set(old)


def test_resetting_the_own_device_leads_to_a_new_set_up(client):
    staff = StaffFactory()
    device = sign_in_verified(client, staff)
    response = client.post(
        reverse("otp:manage"), {"action": "reset", "reset-code": code_for(device)}
    )
    assert response["Location"] == reverse("otp:setup")
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/staff/")["Location"].startswith(reverse("otp:setup"))


@pytest.mark.parametrize("name", ["otp:setup", "otp:verify", "otp:manage"])
def test_second_factor_pages_are_for_staff_only(client, name):
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 404
