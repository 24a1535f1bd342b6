"""Account pages in a real browser: registration with an error, sign-in, the account
pages and an organisation pass axe-core and the CSP."""

import re

import pytest
from playwright.sync_api import expect

from rathaus.core.accounts.models import Membership
from rathaus.core.accounts.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "Sonnenblume-Weiterstadt-42"


def test_public_account_pages_pass_axe(page, visit):
    visit("/konto/registrieren/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".rh-error-summary")).to_be_visible()
    for path in (
        "/konto/anmelden/",
        "/konto/registrieren/posteingang/",
        "/konto/bestaetigung-erneut/",
        "/konto/passwort-vergessen/",
        "/konto/passwort-vergessen/gesendet/",
    ):
        visit(path)


def test_account_and_organisation_pages_pass_axe(page, visit):
    owner = MembershipFactory(
        role=Membership.Role.OWNER,
        user=UserFactory(email="owner@example.org", password=PASSWORD),
        organisation__name="Malerei Weiß GmbH",
    )
    member = MembershipFactory(organisation=owner.organisation)
    visit("/konto/anmelden/")
    page.fill("input[name=username]", "owner@example.org")
    page.fill("input[name=password]", "falsch-falsch-falsch")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".rh-error-summary")).to_be_visible()
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/konto/$"))
    org = f"/konto/organisationen/{owner.organisation_id}/"
    for path in (
        "/konto/profil/",
        "/konto/passwort/",
        "/konto/email/",
        "/konto/loeschen/",
        "/konto/handeln-fuer/",
        "/konto/organisationen/neu/",
        org,
        org + "bearbeiten/",
        org + "einladen/",
        org + "verlassen/",
        org + f"mitglieder/{member.pk}/",
    ):
        visit(path)
    visit("/konto/handeln-fuer/")
    page.get_by_label("Malerei Weiß GmbH").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Sie handeln jetzt für Malerei Weiß GmbH")
