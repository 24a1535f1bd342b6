"""The public pages: booking without JavaScript, the confirmation, the manage link."""

import datetime
import re

import icalendar
import pytest

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.services.appointments.models import Appointment
from rathaus.services.appointments.services import booking_url

from .conftest import MONDAY, at
from .factories import DeskFactory, ServiceFactory, application_of, book

pytestmark = pytest.mark.usefixtures("now")
BOOK = "/termine/sperrmuell/"
NINE = "2026-03-02T08:00:00Z"  # 09:00 in the town


def manage_link(response) -> str:
    return re.search(r'href="(/termine/verwalten/[^/"]+/)"', response.content.decode()).group(1)


def test_booking_page_lists_the_days_with_free_times_and_pages_by_week(client, service, desk):
    response = client.get(BOOK)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page and "Sperrmüllabholung" in page
    assert "Monday, March 2, 2026" in page
    assert f"?tag={MONDAY.isoformat()}" in page
    assert "Saturday" not in page  # closed at weekends
    assert "woche=1" in page and "Previous week" not in page

    last_week = client.get(BOOK + "?woche=3").content.decode()
    assert "Monday, March 23, 2026" in last_week
    assert "Next week" not in last_week and "woche=2" in last_week


def test_booking_without_javascript_from_day_to_confirmation(client, service, desk, outbox):
    day = client.get(BOOK + f"?tag={MONDAY.isoformat()}")
    page = day.content.decode()
    assert '<fieldset class="kern-fieldset' in page
    assert "<legend" in page and "Time on Monday, March 2, 2026" in page
    assert f'type="radio" name="starts_at" value="{NINE}"' in page
    assert "09:00–09:30" in page
    assert '<label class="kern-label" for="id_name">' in page

    response = client.post(
        BOOK + f"?tag={MONDAY.isoformat()}",
        {"starts_at": NINE, "name": "Erika Mustermann", "email": "erika@example.org"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/termine/bestaetigung/"

    confirmation = client.get(response["Location"])
    text = confirmation.content.decode()
    appointment = Appointment.objects.get()
    assert "Your appointment is booked" in text
    assert "Monday, March 2, 2026" in text and "09:00–09:30" in text
    assert "Servicepunkt" in text and "Rathaus, Erdgeschoss, Zimmer 12" in text
    assert f"/termine/verwalten/{appointment.manage_token}/termin.ics" in text
    assert manage_link(confirmation) == f"/termine/verwalten/{appointment.manage_token}/"
    assert confirmation["Cache-Control"].count("no-store") == 1
    assert len(outbox) == 1


def test_the_calendar_file_can_be_downloaded(client, service, desk):
    appointment = book(service, at(MONDAY, 9))
    response = client.get(f"/termine/verwalten/{appointment.manage_token}/termin.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="termin.ics"' in response["Content-Disposition"]
    (event,) = icalendar.Calendar.from_ical(response.content).events
    assert event.start == at(MONDAY, 9)
    assert f"/termine/verwalten/{appointment.manage_token}/" in str(event["DESCRIPTION"])


def test_a_signed_in_person_finds_name_and_address_filled_in(client, service, desk):
    person = UserFactory(given_name="Paul", family_name="Panther", email="paul@example.org")
    client.force_login(person)
    page = client.get(BOOK + f"?tag={MONDAY.isoformat()}").content.decode()
    assert 'value="Paul Panther"' in page and 'value="paul@example.org"' in page


def test_a_time_taken_meanwhile_is_answered_with_other_times(client, service, desk):
    form = client.get(BOOK + f"?tag={MONDAY.isoformat()}")
    assert NINE in form.content.decode()
    book(service, at(MONDAY, 9))

    response = client.post(
        BOOK + f"?tag={MONDAY.isoformat()}",
        {"starts_at": NINE, "name": "Erika Mustermann", "email": "erika@example.org"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This time was just taken. Please choose another one." in page
    assert f'value="{NINE}"' not in page
    assert 'value="Erika Mustermann"' in page
    assert Appointment.objects.count() == 1


def test_missing_choices_are_explained_at_the_top(client, service, desk):
    response = client.post(BOOK + f"?tag={MONDAY.isoformat()}", {"name": "", "email": "x"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose a time." in page and "Enter your name." in page
    assert 'href="#id_starts_at_0"' in page


def test_booking_for_an_application_attaches_it_and_returns_to_next(client, service, desk):
    person = UserFactory()
    application = application_of(person, service)
    client.force_login(person)
    url = booking_url(service, application, next_url=f"/antraege/{application.pk}/")
    assert url.startswith(BOOK + "?antrag=")

    response = client.post(
        url + f"&tag={MONDAY.isoformat()}",
        {"starts_at": NINE, "name": "Paul", "email": "paul@example.org"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/antraege/{application.pk}/"
    assert Appointment.objects.get().application == application


def test_an_unsafe_next_address_is_ignored(client, service, desk):
    person = UserFactory()
    application = application_of(person, service)
    client.force_login(person)
    url = booking_url(service, application, next_url="https://evil.example/")
    response = client.post(
        url + f"&tag={MONDAY.isoformat()}",
        {"starts_at": NINE, "name": "Paul", "email": "paul@example.org"},
    )
    assert response["Location"] == "/termine/bestaetigung/"


def test_someone_else_s_application_gets_404(client, service, desk):
    application = application_of(UserFactory(), service)
    client.force_login(UserFactory())
    assert client.get(booking_url(service, application)).status_code == 404
    assert client.get(BOOK + "?antrag=not-a-uuid").status_code == 404


def test_a_visitor_with_an_application_link_is_asked_to_sign_in(client, service, desk):
    application = application_of(UserFactory(), service)
    response = client.get(booking_url(service, application))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_services_without_appointments_or_unpublished_have_no_booking_page(client, desk):
    ServiceFactory(slug="ohne-termin", needs_appointment=False)
    ServiceFactory(slug="entwurf", is_published=False)
    assert client.get("/termine/ohne-termin/").status_code == 404
    assert client.get("/termine/entwurf/").status_code == 404
    assert client.get("/termine/gibt-es-nicht/").status_code == 404


def test_the_manage_link_moves_the_appointment(client, service, desk, outbox):
    appointment = book(service, at(MONDAY, 9))
    url = f"/termine/verwalten/{appointment.manage_token}/"
    page = client.get(url + f"?tag={MONDAY.isoformat()}").content.decode()
    assert "Move to another time" in page and "Cancel appointment" in page

    response = client.post(
        url + f"?tag={MONDAY.isoformat()}", {"starts_at": "2026-03-02T10:00:00Z"}
    )

    assert response.status_code == 302 and response["Location"] == url
    appointment.refresh_from_db()
    assert appointment.starts_at == at(MONDAY, 11)
    assert "Your appointment is now on Monday, March 2, 2026 at 11:00." in (
        client.get(url).content.decode()
    )
    assert len(outbox) == 1


def test_the_manage_link_cancels_the_appointment(client, service, desk, outbox):
    appointment = book(service, at(MONDAY, 9))
    url = f"/termine/verwalten/{appointment.manage_token}/"
    response = client.post(url + "absagen/")
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "This appointment has been cancelled." in page
    assert "Cancel appointment" not in page
    appointment.refresh_from_db()
    assert appointment.state == "cancelled"
    assert client.post(url + f"?tag={MONDAY.isoformat()}", {"starts_at": NINE}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.state == "cancelled"


def test_an_unknown_or_someone_else_s_manage_code_gets_404(client, service, desk, other_town):
    from rathaus.core.tenancy import for_town

    mine = book(service, at(MONDAY, 9))
    with for_town(other_town):
        foreign_service = ServiceFactory(slug="sperrmuell")
        DeskFactory(services=[foreign_service])
        theirs = book(foreign_service, at(MONDAY, 9))
    for code in (theirs.manage_token, mine.manage_token[:-2], "x" * 43):
        assert client.get(f"/termine/verwalten/{code}/").status_code == 404
        assert client.get(f"/termine/verwalten/{code}/termin.ics").status_code == 404
        assert client.post(f"/termine/verwalten/{code}/absagen/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "booked"


def test_a_past_appointment_can_no_longer_be_changed(client, service, desk, time_machine):
    appointment = book(service, at(MONDAY, 9))
    time_machine.move_to(at(MONDAY + datetime.timedelta(days=1), 9), tick=False)
    page = client.get(f"/termine/verwalten/{appointment.manage_token}/").content.decode()
    assert "This appointment has passed." in page
    assert "Cancel appointment" not in page


def test_the_confirmation_page_needs_a_booking_in_this_session(client):
    assert client.get("/termine/bestaetigung/").status_code == 404


def test_the_booking_page_needs_as_many_queries_for_many_desks_as_for_one(
    client, service, desk, units
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = BOOK + f"?tag={MONDAY.isoformat()}"
    with CaptureQueriesContext(connection) as one_desk:
        client.get(url)
    for _number in range(4):
        DeskFactory(unit=units["waste"], services=[service], capacity=2)
    book(service, at(MONDAY, 9))
    with CaptureQueriesContext(connection) as five_desks:
        client.get(url)
    assert len(five_desks) == len(one_desk)
    assert len(five_desks) <= 12
