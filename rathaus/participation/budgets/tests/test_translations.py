"""The ballot speaks German: the distributed amount and the over-budget error."""

import pytest
from django.urls import reverse
from django.utils import translation

from .. import exceptions


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        yield


def test_the_ballot_in_german(german, citizen_client, budget, projects):
    url = reverse("budgets:detail", args=[budget.process.slug, budget.pk])
    response = citizen_client.post(
        url, {"projects": [p.pk for p in projects.values()]}, HTTP_ACCEPT_LANGUAGE="de"
    )
    page = response.content.decode()
    assert "Sie haben 328.000\xa0€ von 250.000\xa0€ verteilt." in page
    assert (
        "Ihre Auswahl kostet 328.000\xa0€, das sind 78.000\xa0€ mehr als der Gesamtbetrag "
        "von 250.000\xa0€." in page
    )
    assert "Auswahl prüfen" in page


def test_the_minimum_message_in_german(german):
    error = exceptions.UnderMinimum(
        chosen=1_800_000, minimum=12_500_000, total=25_000_000, percent=50
    )
    assert str(error.message) == (
        "Bitte verteilen Sie mindestens 125.000\xa0€ (50 % von 250.000\xa0€). Ihre Auswahl "
        "kostet 18.000\xa0€, das sind 107.000\xa0€ zu wenig."
    )
