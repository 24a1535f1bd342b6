"""Survey pages speak German by default."""

import pytest
from django.utils import translation

from .conftest import answer_url, staff_url


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        yield


def test_the_answer_page_is_german(german, client, survey, questions):
    page = client.get(answer_url(survey), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Antworten senden" in page and "Für Antworten geöffnet" in page
    page = client.post(answer_url(survey), {}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Bitte beantworten Sie diese Frage." in page


def test_the_builder_is_german(german, manager_client, survey, questions):
    page = manager_client.get(staff_url(survey), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Frage hinzufügen" in page and "Vorschau" in page
    page = manager_client.get(staff_url(survey, "ergebnisse/"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Die Zahlen als Tabelle" in page.content.decode()
