"""Whole journeys across the accounts and staff pages, every page checked with axe-core:
a citizen registers and confirms the address from the e-mail, staff sign in with a
time-based one-time password, and a business member acts for the organisation."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def sign_in(page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()


def test_citizen_registers_and_confirms_the_address_from_the_email(page, visit, mailoutbox):
    visit("/konto/registrieren/")
    page.locator("input[name=email]").fill("neu@example.org")
    page.locator("input[name=given_name]").fill("Erika")
    page.locator("input[name=family_name]").fill("Mustermann")
    page.locator("input[name=password1]").fill("Kirschbaum-am-Rathaus-7")
    page.locator("input[name=password2]").fill("Kirschbaum-am-Rathaus-7")
    page.locator("input[name=privacy_consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/registrieren/posteingang/$"))

    assert [mail.to for mail in mailoutbox] == [["neu@example.org"]]
    link = re.search(r"https?://\S+/konto/bestaetigen/\S+/", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    user = User.objects.get(email_lookup=email_lookup_for("neu@example.org"))
    assert user.email_confirmed_at is None

    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/anmelden/$"))
    expect(page.locator(".rh-messages")).to_be_visible()
    user.refresh_from_db()
    assert user.email_confirmed_at is not None

    sign_in(page, "neu@example.org", "Kirschbaum-am-Rathaus-7")
    page.wait_for_url(re.compile(r"/konto/$"))
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_staff_member_signs_in_with_a_one_time_password(page, visit):
    staff = StaffFactory(email="sachbearbeitung@weiterstadt.example")
    device = TOTPDevice.objects.create(user=staff, name="Authenticator", confirmed=True)

    visit("/staff/")
    page.wait_for_url(re.compile(r"/konto/anmelden/"))
    sign_in(page, "sachbearbeitung@weiterstadt.example")
    page.wait_for_url(re.compile(r"/zwei-faktor/pruefen/"))

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.locator("input[name=code]").fill(f"{totp.token():0{device.digits}d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("link", name="Verwaltungsbereich")).to_have_attribute(
        "aria-current", "page"
    )


def test_business_member_chooses_to_act_for_the_organisation(page, visit):
    member = UserFactory(email="inhaberin@example.org")
    MembershipFactory(user=member, organisation__name="Bäckerei Sonne GmbH")

    visit("/konto/anmelden/")
    sign_in(page, "inhaberin@example.org")
    page.wait_for_url(re.compile(r"/konto/$"))
    expect(page.locator(".rh-acting-bar")).to_have_count(0)

    visit("/konto/handeln-fuer/?next=/")
    page.get_by_label("Bäckerei Sonne GmbH").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".rh-acting-bar")).to_contain_text("Bäckerei Sonne GmbH")

    visit("/konto/")
    expect(page.locator(".rh-acting-bar")).to_contain_text("Bäckerei Sonne GmbH")
