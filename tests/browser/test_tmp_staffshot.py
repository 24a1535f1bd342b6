import re
import pytest
from django.core.management import call_command
from django_otp.oath import totp
from rathaus.core.accounts.models import User, Unit, email_lookup_for
from rathaus.core.accounts.tests.factories import StaffFactory

pytestmark = pytest.mark.browser

def test_shots(page, visit):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    StaffFactory(email="neu@weiterstadt.example", password="Sonnenblume-Weiterstadt-42")
    visit("/staff/")
    page.fill("input[name=username]", "neu@weiterstadt.example")
    page.fill("input[name=password]", "Sonnenblume-Weiterstadt-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/zwei-faktor/einrichten/"))
    page.screenshot(path="/tmp/staffpo/setup.png", full_page=True)
    page.context.clear_cookies()
    visit("/konto/anmelden/")
    page.fill("input[name=username]", "thomas.becker@weiterstadt.example")
    page.fill("input[name=password]", "Rathaus-Demo-2025")
    page.locator("form button[type=submit]").last.click()
    visit("/staff/")
    admin = User.objects.get(email_lookup=email_lookup_for("thomas.becker@weiterstadt.example"))
    page.fill("input[name=code]", str(totp(admin.totpdevice_set.get().bin_key)).zfill(6))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.screenshot(path="/tmp/staffpo/home.png", full_page=True)
    visit(f"/staff/einheiten/{Unit.objects.get(code='60').pk}/")
    page.screenshot(path="/tmp/staffpo/unit.png", full_page=True)
    visit("/staff/einheiten/")
    page.screenshot(path="/tmp/staffpo/tree.png", full_page=True)
