"""One installation, two towns, two host names: in a real browser each host shows its own
town, and signing in on one does not sign you in on the other."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.tenancy import for_town

pytestmark = pytest.mark.browser

PASSWORD = "Sonnenblume-Weiterstadt-42"


def url_on(live_server, host: str, path: str = "/") -> str:
    """The live server's address under another host name (*.localhost is the loopback)."""
    port = urlsplit(live_server.url).port
    return f"http://{host}:{port}{path}"


def test_each_host_shows_its_own_town(page, live_server, other_town):
    for host, own, other in (
        ("localhost", "Weiterstadt", "Musterstadt"),
        ("musterstadt.localhost", "Musterstadt", "Weiterstadt"),
    ):
        response = page.goto(url_on(live_server, host))
        assert response is not None and response.ok, f"{host} answered {response.status}"
        expect(page.locator("h1")).to_contain_text(own)
        expect(page).to_have_title(re.compile(own))
        assert other not in page.content()


def test_signing_in_on_one_town_does_not_sign_in_on_the_other(page, live_server, other_town):
    with for_town(other_town):
        UserFactory(email="doppelt@example.org", given_name="Mara", password=PASSWORD)
    UserFactory(email="doppelt@example.org", given_name="Wilma", password=PASSWORD)

    page.goto(url_on(live_server, "musterstadt.localhost", "/konto/anmelden/"))
    page.fill("input[name=username]", "doppelt@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/konto/$"))
    expect(page.locator("main")).to_contain_text("Mara")

    page.goto(url_on(live_server, "localhost", "/konto/"))
    page.wait_for_url(re.compile(r"/konto/anmelden/"))
    expect(page.locator("h1")).to_be_visible()
    assert "Mara" not in page.content()
