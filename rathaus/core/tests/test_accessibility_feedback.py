"""The accessibility statement and its feedback form (BITV 2.0 § 12b)."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)
from rathaus.core.models import AccessibilityFeedback
from rathaus.core.notifications.models import Message
from rathaus.core.services import submit_accessibility_feedback

URL = "/barrierefreiheit/"


@pytest.fixture
def administrator():
    user = StaffFactory(email="admin@weiterstadt.example")
    RoleAssignmentFactory(user=user, role=Role.ADMINISTRATOR, unit=None)
    return user


def test_statement_names_the_standard_the_feedback_form_and_the_enforcement_procedure(client):
    html = client.get(URL).content.decode()
    assert '<h1 class="kern-heading-large">Erklärung zur Barrierefreiheit</h1>' in html
    assert "BITV 2.0" in html and "WCAG" in html
    assert 'id="feedback"' in html
    assert "Durchsetzungsverfahren" in html
    assert '<form method="post" novalidate class="rh-form">' in html


def test_statement_shows_the_towns_own_text_contact_and_review_date(client, town):
    town.accessibility_statement = "Ältere PDF-Formulare sind nicht barrierefrei."
    town.accessibility_contact_email = "barrierefrei@weiterstadt.example"
    town.enforcement_body = "Schlichtungsstelle beim Land Hessen"
    town.accessibility_reviewed_on = "2026-03-01"
    town.save()
    html = client.get(URL).content.decode()
    assert "Ältere PDF-Formulare sind nicht barrierefrei." in html
    assert 'href="mailto:barrierefrei@weiterstadt.example"' in html
    assert "Schlichtungsstelle beim Land Hessen" in html
    assert "1. März 2026" in html


def test_link_from_a_page_fills_in_the_page_concerned(client):
    html = client.get(URL, {"seite": "/impressum/"}).content.decode()
    assert 'name="page_url" value="/impressum/"' in html


def test_empty_feedback_is_refused_with_an_error_summary_and_nothing_is_stored(
    client, administrator
):
    response = client.post(URL, {"message": "", "email": "kein-format"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Es gibt ein Problem" in html
    assert 'href="#id_message">Beschreiben Sie die Barriere' in html
    assert 'href="#id_email">Geben Sie eine E-Mail-Adresse im richtigen Format an' in html
    assert 'value="kein-format"' in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Fehler: " in html
    assert AccessibilityFeedback.objects.count() == 0
    assert Message.objects.count() == 0


def test_feedback_is_stored_and_every_administrator_is_told(
    client, administrator, django_capture_on_commit_callbacks, mailoutbox
):
    other_admin = StaffFactory()
    RoleAssignmentFactory(user=other_admin, role=Role.ADMINISTRATOR, unit=None)
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {
                "message": "Der Kontrast der Tabelle ist zu schwach.",
                "page_url": "/impressum/",
                "name": "Erika Mustermann",
                "email": "erika@example.org",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:accessibility_thanks")

    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Der Kontrast der Tabelle ist zu schwach."
    assert feedback.email == "erika@example.org"
    assert feedback.page_url == "/impressum/"
    assert set(Message.objects.values_list("recipient", flat=True)) == {
        administrator.pk,
        other_admin.pk,
    }
    message = Message.objects.get(recipient=administrator)
    assert message.link == reverse("staff:feedback", kwargs={"pk": feedback.pk})
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [administrator.email, other_admin.email]
    )
    # The sender's personal data stays out of the e-mails.
    assert all("erika@example.org" not in mail.body for mail in mailoutbox)


def test_thanks_page_confirms_the_feedback_arrived(client):
    html = client.get(reverse("core:accessibility_thanks")).content.decode()
    assert "Vielen Dank für Ihre Rückmeldung" in html


def test_feedback_from_a_signed_in_citizen_is_accepted_too(client, administrator):
    client.force_login(UserFactory())
    response = client.post(URL, {"message": "Die Schrift ist zu klein."})
    assert response.status_code == 302
    assert AccessibilityFeedback.objects.count() == 1


def test_service_stores_feedback_without_optional_fields(town, administrator):
    feedback = submit_accessibility_feedback(town=town, data={"message": "Kein Alt-Text."})
    assert feedback.town == town
    assert feedback.name == "" and feedback.email == ""
    assert Message.objects.filter(recipient=administrator).count() == 1
