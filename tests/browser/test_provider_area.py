"""The provider area in a real browser: a provider administrator signs in on the provider's
host with password and one-time code and creates a town; every page passes axe-core."""

import re
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from rathaus.core.accounts.models import RoleAssignment
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory
from rathaus.core.models import Town, TownHost
from rathaus.core.tenancy import for_town

pytestmark = pytest.mark.browser


@pytest.fixture
def provider_admin(db):
    provider = Town.objects.create(name="Kommunale IT", is_provider=True)
    TownHost.objects.create(town=provider, hostname="verwaltung.localhost", is_primary=True)
    with for_town(provider):
        admin = StaffFactory(email="it@provider.example")
        RoleAssignment.objects.create(user=admin, role=Role.PROVIDER_ADMINISTRATOR)
        device = TOTPDevice.objects.create(user=admin, name="Authenticator", confirmed=True)
    return device


def on_host(live_server, host: str) -> str:
    """The live server's address under another host name (*.localhost is the loopback)."""
    return f"http://{host}:{urlsplit(live_server.url).port}"


def test_provider_administrator_signs_in_with_totp_and_creates_a_town(
    page, visit, live_server, provider_admin, mailoutbox
):
    provider = on_host(live_server, "verwaltung.localhost")
    visit(f"{provider}/anbieter/")
    page.wait_for_url(re.compile(r"/konto/anmelden/"))
    page.locator("input[name=username]").fill("it@provider.example")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/zwei-faktor/pruefen/"))
    device = provider_admin
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.locator("input[name=code]").fill(f"{totp.token():0{device.digits}d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"verwaltung\.localhost:\d+/anbieter/$"))
    expect(page.locator("h1")).to_have_text("Anbieterbereich")

    page.get_by_role("link", name="Neue Kommune").click()
    page.wait_for_url(re.compile(r"/anbieter/neu/$"))
    # A form with errors: the error summary and the marked fields pass axe too.
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".rh-error-summary")
    page.locator("input[name=name]").fill("Neustadt")
    page.locator("input[name=official_name]").fill("Stadt Neustadt")
    page.locator("input[name=ags]").fill("06432099")
    page.locator("input[name=hostname]").fill("neustadt.localhost")
    page.locator("input[name=admin_email]").fill("it@neustadt.example")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/anbieter/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_have_text("Neustadt")
    expect(page.locator(".rh-messages")).to_be_visible()

    new_town = Town.objects.get(name="Neustadt")
    assert Town.objects.for_host("neustadt.localhost") == new_town
    [invitation] = mailoutbox
    assert invitation.to == ["it@neustadt.example"]
    assert re.search(r"http://neustadt\.localhost:\d+/staff/einladung/\S+/", invitation.body)

    page.get_by_role("button", name="Kommune exportieren").click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("link", name="Ergebnis öffnen")).to_be_visible()

    visit(f"{provider}/anbieter/{new_town.pk}/loeschen/")
    visit(f"{provider}/anbieter/")
    visit(on_host(live_server, "neustadt.localhost") + "/")
