"""Staff pages: desks of one's own units, opening hours, closures and the day view."""

import datetime

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.services.appointments.models import Appointment, Closure, Desk

from .conftest import MONDAY, at, sign_in_verified, staff_with
from .factories import ClosureFactory, DeskFactory, ServiceFactory, book

pytestmark = pytest.mark.usefixtures("now")
LIST = "/staff/termine/"


def test_the_list_shows_the_desks_of_one_s_own_units_only(clerk_client, desk, units):
    DeskFactory(name="Bürgerbüro Ordnungsamt", unit=units["order"])
    page = clerk_client.get(LIST).content.decode()
    assert "Servicepunkt" in page and "Sperrmüllabholung" in page
    assert "Bürgerbüro Ordnungsamt" not in page


def test_staff_of_another_unit_get_404_for_a_desk(client, desk, other_clerk):
    sign_in_verified(client, other_clerk)
    assert client.get(LIST).status_code == 200
    assert "Servicepunkt" not in client.get(LIST).content.decode()
    for url in (f"{LIST}schalter/{desk.pk}/", f"{LIST}schalter/{desk.pk}/bearbeiten/"):
        assert client.get(url).status_code == 404
    assert client.post(f"{LIST}schalter/{desk.pk}/bearbeiten/", {"name": "X"}).status_code == 404


def test_citizens_and_staff_without_a_unit_role_get_404(client, desk):
    from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory

    client.force_login(UserFactory())
    assert client.get(LIST).status_code in (302, 403, 404)
    sign_in_verified(client, StaffFactory())
    assert client.get(LIST).status_code == 404


def test_a_clerk_sets_up_a_desk_with_opening_hours_and_services(clerk_client, service, units):
    page = clerk_client.get(f"{LIST}schalter/neu/").content.decode()
    assert "Opening period 1" in page and "<legend" in page
    response = clerk_client.post(
        f"{LIST}schalter/neu/",
        {
            "name": "Sperrmüll-Team Nord",
            "unit": str(units["waste"].pk),
            "location": "Stadtteile Nord und Mitte",
            "services": [str(service.pk)],
            "slot_minutes": "240",
            "capacity": "3",
            "is_active": "on",
            "hours-TOTAL_FORMS": "3",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "0",
            "hours-0-opens": "08:00",
            "hours-0-closes": "16:00",
            "hours-1-weekday": "3",
            "hours-1-opens": "08:00",
            "hours-1-closes": "12:00",
            "hours-2-weekday": "",
            "hours-2-opens": "",
            "hours-2-closes": "",
        },
    )
    desk = Desk.objects.get(name="Sperrmüll-Team Nord")
    assert response["Location"] == f"{LIST}schalter/{desk.pk}/"
    assert list(desk.services.all()) == [service]
    assert [str(hours) for hours in desk.opening_hours.all()] == [
        "Monday 08:00–16:00",
        "Thursday 08:00–12:00",
    ]
    assert AuditEntry.objects.filter(object_id=str(desk.pk), summary="desk created").exists()


def test_opening_hours_that_overlap_or_end_before_they_start_are_refused(clerk_client, desk):
    data = {
        "name": desk.name,
        "unit": str(desk.unit_id),
        "location": desk.location,
        "slot_minutes": "30",
        "capacity": "1",
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-opens": "08:00",
        "hours-0-closes": "12:00",
        "hours-1-weekday": "0",
        "hours-1-opens": "11:00",
        "hours-1-closes": "10:00",
    }
    page = clerk_client.post(f"{LIST}schalter/{desk.pk}/bearbeiten/", data).content.decode()
    assert "Enter a time after the opening time." in page
    data["hours-1-closes"] = "13:00"
    page = clerk_client.post(f"{LIST}schalter/{desk.pk}/bearbeiten/", data).content.decode()
    assert "Opening hours on the same day must not overlap." in page
    assert desk.opening_hours.count() == 5


def test_a_desk_cannot_be_moved_to_a_unit_of_someone_else(clerk_client, desk, units):
    response = clerk_client.post(
        f"{LIST}schalter/{desk.pk}/bearbeiten/",
        {
            "name": desk.name,
            "unit": str(units["order"].pk),
            "location": desk.location,
            "slot_minutes": "30",
            "capacity": "1",
            "hours-TOTAL_FORMS": "0",
            "hours-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    desk.refresh_from_db()
    assert desk.unit == units["waste"]


def test_the_day_view_lists_the_booked_appointments(clerk_client, service, desk):
    book(service, at(MONDAY, 9), name="Erika Mustermann")
    cancelled = book(service, at(MONDAY, 10), name="Max Storniert")
    cancelled.state = "cancelled"
    cancelled.save()
    book(service, at(MONDAY + datetime.timedelta(days=1), 9), name="Tilda Morgen")

    page = clerk_client.get(f"{LIST}schalter/{desk.pk}/?datum={MONDAY.isoformat()}").content
    page = page.decode()
    assert "Appointments on Monday, March 2, 2026" in page
    assert "Erika Mustermann" in page and "09:00–09:30" in page
    assert "Max Storniert" not in page and "Tilda Morgen" not in page
    tuesday = clerk_client.get(
        f"{LIST}schalter/{desk.pk}/?datum_0=3&datum_1=3&datum_2=2026"
    ).content.decode()
    assert "Tilda Morgen" in tuesday


def test_the_day_view_keeps_its_queries_few(
    clerk_client, service, desk, django_assert_max_num_queries
):
    for hour in (8, 9, 10, 11):
        book(service, at(MONDAY, hour))
    with django_assert_max_num_queries(25):
        clerk_client.get(f"{LIST}schalter/{desk.pk}/?datum={MONDAY.isoformat()}")


def test_staff_cancel_an_appointment_and_the_person_is_told(clerk_client, service, desk, outbox):
    appointment = book(service, at(MONDAY, 9))
    response = clerk_client.post(f"{LIST}termin/{appointment.pk}/absagen/")
    assert response["Location"] == f"{LIST}schalter/{desk.pk}/?datum={MONDAY.isoformat()}"
    appointment.refresh_from_db()
    assert appointment.state == "cancelled"
    assert [mail.to for mail in outbox] == [["erika@example.org"]]


def test_staff_of_another_unit_cannot_cancel_through_the_page(client, other_clerk, service, desk):
    appointment = book(service, at(MONDAY, 9))
    sign_in_verified(client, other_clerk)
    assert client.post(f"{LIST}termin/{appointment.pk}/absagen/").status_code == 404
    appointment.refresh_from_db()
    assert appointment.state == "booked"


def test_a_clerk_closes_a_desk_for_a_day(clerk_client, service, desk):
    book(service, at(MONDAY + datetime.timedelta(days=7), 9))
    response = clerk_client.post(
        f"{LIST}schliessungen/",
        {"date_0": "9", "date_1": "3", "date_2": "2026", "desk": str(desk.pk), "reason": "Kurs"},
    )
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert (closure.date, closure.desk, closure.reason) == (
        MONDAY + datetime.timedelta(days=7),
        desk,
        "Kurs",
    )
    page = clerk_client.get(response["Location"]).content.decode()
    assert "1 appointment is booked on that day." in page
    assert "Kurs" in page

    clerk_client.post(f"{LIST}schliessungen/{closure.pk}/loeschen/")
    assert not Closure.objects.exists()


def test_only_administrators_close_the_whole_town(client, clerk, desk):
    sign_in_verified(client, clerk)
    response = client.post(
        f"{LIST}schliessungen/",
        {"date_0": "6", "date_1": "4", "date_2": "2026", "desk": "", "reason": "Ostermontag"},
    )
    assert response.status_code == 200 and not Closure.objects.exists()

    administrator = staff_with(Role.ADMINISTRATOR)
    sign_in_verified(client, administrator)
    page = client.get(f"{LIST}schliessungen/").content.decode()
    assert "Every desk of the town" in page
    client.post(
        f"{LIST}schliessungen/",
        {"date_0": "6", "date_1": "4", "date_2": "2026", "desk": "", "reason": "Ostermontag"},
    )
    assert Closure.objects.get().desk is None


def test_a_closure_of_another_unit_s_desk_cannot_be_removed(client, other_clerk, desk):
    closure = ClosureFactory(date=MONDAY, desk=desk)
    sign_in_verified(client, other_clerk)
    assert client.post(f"/staff/termine/schliessungen/{closure.pk}/loeschen/").status_code == 404
    assert Closure.objects.filter(pk=closure.pk).exists()


def test_closures_in_the_past_are_refused(clerk_client, desk):
    page = clerk_client.post(
        f"{LIST}schliessungen/",
        {"date_0": "1", "date_1": "3", "date_2": "2026", "desk": str(desk.pk), "reason": "x"},
    ).content.decode()
    assert "Enter today or a later date." in page


def test_the_desk_form_offers_only_services_with_appointments(clerk_client, service, desk):
    ServiceFactory(name="Hundesteuer", needs_appointment=False, offers_appointment=False)
    page = clerk_client.get(f"{LIST}schalter/{desk.pk}/bearbeiten/").content.decode()
    assert "Sperrmüllabholung" in page and "Hundesteuer" not in page
    assert Appointment.objects.count() == 0
