"""Reporting a barrier from the accessibility statement (BITV 2.0 § 12b) in a real browser."""

import pytest
from playwright.sync_api import expect

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.models import AccessibilityFeedback
from rathaus.core.notifications.models import Message

pytestmark = pytest.mark.browser


def test_empty_report_shows_an_error_summary_that_leads_to_the_field(page, visit):
    visit("/barrierefreiheit/")
    page.get_by_role("button", name="Rückmeldung senden").click()

    summary = page.get_by_role("alert").filter(has_text="Es gibt ein Problem")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title("Fehler: Erklärung zur Barrierefreiheit – Stadt Weiterstadt")
    field = page.get_by_label("Welche Barriere haben Sie gefunden?")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "id_message_hint id_message_error")

    summary.get_by_role(
        "link", name="Beschreiben Sie die Barriere, die Sie gefunden haben."
    ).click()
    expect(field).to_be_focused()
    assert AccessibilityFeedback.objects.count() == 0


def test_valid_report_is_stored_and_reaches_the_administrators_postbox(page, visit):
    administrator = StaffFactory()
    RoleAssignmentFactory(user=administrator, role=Role.ADMINISTRATOR, unit=None)

    visit("/barrierefreiheit/?seite=/impressum/")
    expect(page.get_by_label("Betroffene Seite")).to_have_value("/impressum/")
    page.get_by_label("Welche Barriere haben Sie gefunden?").fill(
        "Die Tabelle der Öffnungszeiten hat keine Überschriften."
    )
    page.get_by_label("Ihre E-Mail-Adresse").fill("kein-format")
    page.get_by_role("button", name="Rückmeldung senden").click()

    # The error is shown and nothing typed is lost.
    expect(page.get_by_role("alert")).to_contain_text("im richtigen Format")
    expect(page.get_by_label("Welche Barriere haben Sie gefunden?")).to_have_value(
        "Die Tabelle der Öffnungszeiten hat keine Überschriften."
    )
    page.get_by_label("Ihre E-Mail-Adresse").fill("melderin@example.org")
    page.get_by_role("button", name="Rückmeldung senden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Rückmeldung")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Die Tabelle der Öffnungszeiten hat keine Überschriften."
    assert feedback.page_url == "/impressum/"
    assert feedback.email == "melderin@example.org"
    assert Message.objects.filter(recipient=administrator).count() == 1
