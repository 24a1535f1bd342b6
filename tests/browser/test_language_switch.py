"""The language switch: German by default, English on request, back; works without JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_start_page_switches_from_german_to_english_and_back(page, visit):
    visit("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_contain_text("Willkommen")

    english = page.get_by_role("button", name="English")
    expect(english).to_have_attribute("lang", "en")
    english.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")
    assert page.url.endswith("/")

    german = page.get_by_role("button", name="Deutsch")
    expect(german).to_have_attribute("lang", "de")
    german.click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_contain_text("Willkommen")


def test_language_switch_keeps_the_page_and_works_without_javascript(
    _playwright_browser, live_server
):
    context = _playwright_browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/impressum/")
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_text("Imprint")
        assert page.url.endswith("/impressum/")
    finally:
        context.close()
