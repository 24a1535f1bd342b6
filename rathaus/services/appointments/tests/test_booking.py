"""Booking, moving and cancelling: seats are taken and freed, people are told."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message
from rathaus.services.appointments import services
from rathaus.services.appointments.exceptions import (
    AppointmentClosed,
    NotAllowed,
    NotBookable,
    SlotTaken,
)
from rathaus.services.appointments.models import Appointment
from rathaus.services.appointments.services import booking
from rathaus.services.appointments.slots import DeskSlot, free_slots

from .conftest import MONDAY, at
from .factories import DeskFactory, ServiceFactory, application_of, book

pytestmark = pytest.mark.usefixtures("now")


def calendar_of(message) -> icalendar.Event:
    (name, content, mimetype), *_rest = message.attachments
    assert (name, mimetype) == ("termin.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.events
    return event


def free_on_monday(service) -> list[datetime.datetime]:
    return [
        slot.starts_at for slot in free_slots(service=service, first_day=MONDAY, last_day=MONDAY)
    ]


def test_booking_takes_the_seat_and_mails_the_confirmation_with_a_calendar_file(
    service, desk, outbox, committed
):
    with committed():
        appointment = book(
            service, at(MONDAY, 9), name="Erika Mustermann", email="erika@example.org"
        )

    assert (appointment.desk, appointment.seat, appointment.state) == (desk, 1, "booked")
    assert appointment.ends_at == at(MONDAY, 9, 30)
    assert at(MONDAY, 9) not in free_on_monday(service)
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.name, stored.email) == ("Erika Mustermann", "erika@example.org")

    (message,) = outbox
    assert message.to == ["erika@example.org"]
    assert "Appointment booked: Sperrmüllabholung" in message.subject
    assert "Rathaus, Erdgeschoss, Zimmer 12" in message.body
    assert f"/termine/verwalten/{appointment.manage_token}/" in message.body
    event = calendar_of(message)
    assert str(event["UID"]) == f"{appointment.pk}@rathaus"
    assert event.start == at(MONDAY, 9)
    assert event.end == at(MONDAY, 9, 30)
    assert event["DTSTAMP"]
    assert str(event["SUMMARY"]) == "Appointment: Sperrmüllabholung"
    assert "Servicepunkt" in str(event["LOCATION"])


def test_the_manage_code_is_stored_only_encrypted_and_as_a_hash(service, desk):
    appointment = book(service, at(MONDAY, 9))
    code = appointment.manage_token
    assert len(code) >= 40
    assert booking.find_by_code(code) == appointment
    assert booking.find_by_code(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    row = Appointment.objects.filter(pk=appointment.pk).values("manage_token", "manage_token_hash")[
        0
    ]
    assert code not in (row["manage_token"], row["manage_token_hash"])


def test_a_signed_in_person_gets_the_confirmation_in_the_postbox(service, desk, outbox, committed):
    person = UserFactory(given_name="Paul", family_name="Panther", email="paul@example.org")
    with committed():
        appointment = book(service, at(MONDAY, 10), person=person, name="", email="")

    assert (appointment.name, appointment.email, appointment.booked_by) == (
        "Paul Panther",
        "paul@example.org",
        person,
    )
    message = Message.objects.get(recipient=person)
    assert message.link == f"/termine/verwalten/{appointment.manage_token}/"
    assert "Sperrmüllabholung" in message.subject
    (mail,) = outbox
    assert mail.to == ["paul@example.org"]
    assert calendar_of(mail).start == at(MONDAY, 10)


def test_a_taken_time_cannot_be_booked(service, desk, outbox):
    book(service, at(MONDAY, 9))
    with pytest.raises(SlotTaken):
        book(service, at(MONDAY, 9))
    assert Appointment.objects.count() == 1


def test_times_outside_the_opening_hours_or_within_the_hour_cannot_be_booked(
    service, desk, time_machine
):
    with pytest.raises(SlotTaken):
        book(service, at(MONDAY, 9, 10))  # not a slot's start
    with pytest.raises(SlotTaken):
        book(service, at(MONDAY, 13))  # closed in the afternoon
    time_machine.move_to(at(MONDAY, 8, 40), tick=False)
    with pytest.raises(SlotTaken):
        book(service, at(MONDAY, 9, 30))  # in less than an hour
    with pytest.raises(SlotTaken):
        book(service, at(MONDAY, 8))  # passed
    assert book(service, at(MONDAY, 10)).starts_at == at(MONDAY, 10)


def test_the_second_person_gets_the_next_seat(service, units):
    desk = DeskFactory(unit=units["waste"], services=[service], capacity=2)
    first, second = book(service, at(MONDAY, 9)), book(service, at(MONDAY, 9))
    assert (first.seat, second.seat) == (1, 2)
    assert {first.desk, second.desk} == {desk}
    with pytest.raises(SlotTaken):
        book(service, at(MONDAY, 9))


def test_a_seat_taken_by_a_concurrent_booking_makes_the_booking_take_the_next_one(
    service, units, monkeypatch
):
    """The database refuses the seat another request has just taken; the booking then
    reads again and takes the next seat."""
    desk = DeskFactory(unit=units["waste"], services=[service], capacity=2)
    book(service, at(MONDAY, 9))
    stale = DeskSlot(desk, at(MONDAY, 9), at(MONDAY, 9, 30), [1, 2])
    real_find_seat = booking.find_seat
    answers = iter([stale])
    monkeypatch.setattr(
        booking, "find_seat", lambda **kwargs: next(answers, None) or real_find_seat(**kwargs)
    )

    appointment = book(service, at(MONDAY, 9))

    assert appointment.seat == 2
    assert Appointment.objects.filter(starts_at=at(MONDAY, 9)).count() == 2


def test_booking_is_refused_for_a_service_without_appointments(desk):
    service = ServiceFactory(needs_appointment=False, offers_appointment=False)
    with pytest.raises(NotBookable):
        book(service, at(MONDAY, 9))


def test_booking_needs_a_name_and_an_address(service, desk):
    with pytest.raises(ValidationError):
        book(service, at(MONDAY, 9), name=" ", email="")


def test_an_appointment_belongs_only_to_the_person_s_own_application(service, desk):
    person, stranger = UserFactory(), UserFactory()
    application = application_of(person, service)

    appointment = book(service, at(MONDAY, 9), person=person, application=application)
    assert list(application.appointments.all()) == [appointment]

    with pytest.raises(NotAllowed):
        book(service, at(MONDAY, 10), person=stranger, application=application)
    with pytest.raises(NotAllowed):
        book(service, at(MONDAY, 10), application=application)


def test_moving_frees_the_old_time_and_updates_the_calendar(service, desk, outbox, committed):
    appointment = book(service, at(MONDAY, 9))

    with committed():
        moved = services.change_appointment(appointment=appointment, starts_at=at(MONDAY, 11))

    assert (moved.starts_at, moved.ends_at, moved.sequence) == (
        at(MONDAY, 11),
        at(MONDAY, 11, 30),
        1,
    )
    free = free_on_monday(service)
    assert at(MONDAY, 9) in free and at(MONDAY, 11) not in free
    (message,) = outbox
    assert "Appointment moved" in message.subject
    event = calendar_of(message)
    assert (event.start, event["SEQUENCE"], str(event["UID"])) == (
        at(MONDAY, 11),
        1,
        f"{appointment.pk}@rathaus",
    )


def test_moving_to_a_taken_time_keeps_the_appointment(service, desk):
    appointment = book(service, at(MONDAY, 9))
    book(service, at(MONDAY, 10))
    with pytest.raises(SlotTaken):
        services.change_appointment(appointment=appointment, starts_at=at(MONDAY, 10))
    appointment.refresh_from_db()
    assert appointment.starts_at == at(MONDAY, 9)


def test_cancelling_frees_the_time_and_cancels_the_calendar_entry(service, desk, outbox, committed):
    appointment = book(service, at(MONDAY, 9))

    with committed():
        services.cancel_appointment(appointment=appointment)

    appointment.refresh_from_db()
    assert appointment.state == "cancelled" and appointment.cancelled_at is not None
    assert at(MONDAY, 9) in free_on_monday(service)
    (message,) = outbox
    assert "Appointment cancelled" in message.subject
    assert str(calendar_of(message)["STATUS"]) == "CANCELLED"
    with pytest.raises(AppointmentClosed):
        services.cancel_appointment(appointment=appointment)
    with pytest.raises(AppointmentClosed):
        services.change_appointment(appointment=appointment, starts_at=at(MONDAY, 10))
    # The seat can be booked again although the cancelled row still holds its number.
    assert book(service, at(MONDAY, 9)).seat == 1


def test_staff_of_another_unit_cannot_cancel(service, desk, clerk, other_clerk):
    appointment = book(service, at(MONDAY, 9))
    with pytest.raises(NotAllowed):
        services.cancel_appointment(appointment=appointment, actor=other_clerk)
    services.cancel_appointment(appointment=appointment, actor=clerk)
    entry = AuditEntry.objects.filter(object_id=str(appointment.pk)).order_by("sequence").last()
    assert (entry.summary, entry.actor_id) == ("appointment cancelled", str(clerk.pk))


def test_booking_is_audited_without_personal_data(service, desk):
    appointment = book(service, at(MONDAY, 9), name="Erika Mustermann")
    entry = AuditEntry.objects.get(object_id=str(appointment.pk), action="create")
    assert entry.summary == "appointment booked"
    assert "Erika" not in str(entry.changes) and "Erika" not in entry.object_repr
    assert appointment.manage_token not in str(entry.changes)
