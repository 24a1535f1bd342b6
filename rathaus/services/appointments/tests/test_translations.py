"""Pages, e-mails and calendar files speak German by default."""

import icalendar
import pytest
from django.utils import translation

from .conftest import MONDAY, at
from .factories import book

pytestmark = pytest.mark.usefixtures("now")


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        yield


def test_the_booking_page_is_german(german, client, service, desk):
    page = client.get(
        f"/termine/sperrmuell/?tag={MONDAY.isoformat()}", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Termin buchen" in page
    assert "Uhrzeit am Montag, 2. März 2026" in page
    assert "Nächste Woche" in page


def test_the_confirmation_and_its_calendar_file_are_german(
    german, service, desk, outbox, committed
):
    with committed():
        book(service, at(MONDAY, 9))
    (message,) = outbox
    assert message.subject == "Termin gebucht: Sperrmüllabholung am 2. März 2026 um 09:00 Uhr"
    assert "Ort: Servicepunkt, Rathaus, Erdgeschoss, Zimmer 12" in message.body
    assert "Datum: Montag, 2. März 2026" in message.body
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).events
    assert str(event["SUMMARY"]) == "Termin: Sperrmüllabholung"


def test_the_staff_area_is_german(german, clerk_client, desk):
    page = clerk_client.get("/staff/termine/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Neuer Schalter" in page and "Schließtage" in page
