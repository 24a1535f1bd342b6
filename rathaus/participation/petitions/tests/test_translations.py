"""The petition pages and e-mails speak German by default."""

import uuid

import pytest
from django.utils import translation

from ..services.submission import submit_petition
from .conftest import form_data


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        yield


def test_the_start_page_is_german(german, client, council):
    page = client.get("/eingaben/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Anregungen und Beschwerden" in page
    assert "Artikel 17 des Grundgesetzes" in page
    assert "Datenschutz" in page


def test_form_errors_are_german(german, citizen, citizen_client, order_addressee):
    citizen.preferred_language = "de"
    citizen.save()
    response = citizen_client.post(
        "/eingaben/neu/", form_data(order_addressee, subject=""), HTTP_ACCEPT_LANGUAGE="de"
    )
    page = response.content.decode()
    assert "Geben Sie einen Betreff ein." in page
    assert "Eingabe absenden" in page


def test_the_initiative_page_is_german(german, client):
    page = client.get("/eingaben/buergerbegehren/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Bürgerbegehren" in page
    assert "keine Online-Unterschrift" in page
    assert "acht Wochen" in page


def test_the_receipt_mail_is_german(german, citizen, order_addressee, outbox, committed):
    citizen.preferred_language = "de"
    citizen.save()
    with committed():
        petition = submit_petition(
            submitter=citizen,
            addressee=order_addressee,
            kind="suggestion",
            subject="Bänke",
            text="Mehr Bänke",
            consent=True,
            idempotency_key=uuid.uuid4(),
        )
    (mail,) = outbox
    assert mail.subject == f"Ihre Eingabe ist eingegangen ({petition.reference})"
    assert "Meine Eingaben" in mail.body
