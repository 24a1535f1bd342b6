"""The staff area in a real browser: second-factor set-up, and every staff screen passes
axe-core and the CSP (German, as staff see it)."""

import base64
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from rathaus.core.accounts.models import DeletionRequest, Unit, User, email_lookup_for
from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory
from rathaus.core.models import AccessibilityFeedback, Town

pytestmark = pytest.mark.browser

PASSWORD = "Sonnenblume-Weiterstadt-42"


def sign_in(page, email, password):
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()


def test_new_staff_member_sets_up_the_second_factor(page, visit):
    StaffFactory(email="neu@weiterstadt.example", password=PASSWORD)
    visit("/staff/")
    sign_in(page, "neu@weiterstadt.example", PASSWORD)
    page.wait_for_url(re.compile(r"/zwei-faktor/einrichten/"))
    assert page.locator("svg.rh-qr").is_visible()
    secret = page.locator(".rh-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("input[name=code]", str(totp(key)).zfill(6))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/zwei-faktor/wiederherstellungscodes/"))
    assert page.locator(".rh-recovery-codes li").count() == 10
    page.locator("main a.kern-btn").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def test_every_staff_screen_passes_axe(page, visit):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    town = Town.objects.for_host("localhost")
    feedback = AccessibilityFeedback.objects.create(town=town, message="Kontrast zu gering.")
    deletion = DeletionRequest.objects.create(user=UserFactory(), reason="Umzug")
    admin = User.objects.get(email_lookup=email_lookup_for("anna.richter@weiterstadt.example"))
    visit("/staff/")
    sign_in(page, "anna.richter@weiterstadt.example", "Rathaus-Demo-2025")
    page.wait_for_url(re.compile(r"/zwei-faktor/pruefen/"))
    device = admin.totpdevice_set.get()
    page.fill("input[name=code]", str(totp(device.bin_key)).zfill(6))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    unit = Unit.objects.get(code="60")
    for path in [
        "/staff/personen/",
        "/staff/personen/?kind=staff",
        "/staff/personen/neu/",
        f"/staff/personen/{admin.pk}/",
        f"/staff/personen/{admin.pk}/bearbeiten/",
        f"/staff/personen/{admin.pk}/verlauf/",
        "/staff/einheiten/",
        "/staff/einheiten/neu/",
        f"/staff/einheiten/{unit.pk}/",
        f"/staff/einheiten/{unit.pk}/bearbeiten/",
        f"/staff/einheiten/{unit.pk}/verlauf/",
        "/staff/stadt/",
        "/staff/barrierefreiheit/",
        f"/staff/barrierefreiheit/{feedback.pk}/",
        "/staff/loeschantraege/",
        f"/staff/loeschantraege/{deletion.pk}/",
        "/zwei-faktor/",
    ]:
        visit(path)
    # A form with errors: the error summary and the marked fields pass too.
    visit("/staff/personen/neu/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".rh-error-summary")
