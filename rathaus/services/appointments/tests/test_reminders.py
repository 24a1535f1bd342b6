"""The reminder goes out the day before, once per appointment, with the calendar file."""

import datetime
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.notifications.models import Message
from rathaus.services.appointments import services
from rathaus.services.appointments.tasks import send_appointment_reminders

from .conftest import MONDAY, at
from .factories import book

TUESDAY = MONDAY + datetime.timedelta(days=1)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


@pytest.fixture
def remind(committed):
    """Run the reminders as the job does, the e-mails going out when it commits."""

    def run() -> int:
        with committed():
            return services.send_reminders()

    return run


@pytest.fixture
def booked_last_week(service, desk, time_machine):
    """Erika's appointment on Tuesday at 09:00, booked a week before."""
    time_machine.move_to(at(MONDAY - datetime.timedelta(days=7), 12), tick=False)
    appointment = book(service, at(TUESDAY, 9), email="erika@example.org")
    time_machine.move_to(at(MONDAY, 18), tick=False)
    return appointment


def test_the_reminder_goes_out_once_the_day_before(booked_last_week, outbox, remind):
    outbox.clear()
    assert remind() == 1
    assert remind() == 0

    (message,) = outbox
    assert message.to == ["erika@example.org"]
    assert message.subject.startswith("Reminder: Sperrmüllabholung")
    assert f"/termine/verwalten/{booked_last_week.manage_token}/" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("termin.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.events
    assert str(event["UID"]) == f"{booked_last_week.pk}@rathaus"
    assert event.start == at(TUESDAY, 9)
    assert event.start.tzinfo is not None
    assert event["DTSTAMP"] and event["SUMMARY"] and event["LOCATION"]
    booked_last_week.refresh_from_db()
    assert booked_last_week.reminder_sent_at is not None


def test_no_reminder_earlier_than_the_day_before(service, desk, outbox, time_machine, remind):
    time_machine.move_to(at(MONDAY - datetime.timedelta(days=7), 12), tick=False)
    book(service, at(WEDNESDAY, 9))
    time_machine.move_to(at(MONDAY, 18), tick=False)
    outbox.clear()
    assert remind() == 0
    time_machine.move_to(at(TUESDAY, 6), tick=False)
    assert remind() == 1


def test_no_reminder_for_cancelled_or_just_booked_appointments(
    booked_last_week, service, outbox, time_machine, remind
):
    services.cancel_appointment(appointment=booked_last_week)
    book(service, at(TUESDAY, 10))  # booked this evening: the confirmation is enough
    outbox.clear()
    assert remind() == 0
    assert outbox == []


def test_a_moved_appointment_is_reminded_of_the_new_day(
    booked_last_week, outbox, time_machine, remind
):
    assert remind() == 1
    time_machine.move_to(at(MONDAY, 19), tick=False)
    services.change_appointment(appointment=booked_last_week, starts_at=at(WEDNESDAY, 11))
    time_machine.move_to(at(TUESDAY, 18), tick=False)
    outbox.clear()

    assert remind() == 1

    (message,) = outbox
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).events
    assert (event.start, event["SEQUENCE"]) == (at(WEDNESDAY, 11), 1)


def test_a_signed_in_person_is_reminded_in_the_postbox(service, desk, outbox, time_machine, remind):
    person = UserFactory(email="paul@example.org", preferred_language="en")
    time_machine.move_to(at(MONDAY - datetime.timedelta(days=7), 12), tick=False)
    book(service, at(TUESDAY, 9), person=person)
    time_machine.move_to(at(MONDAY, 18), tick=False)
    outbox.clear()
    remind()
    message = Message.objects.filter(recipient=person).order_by("-created_at").first()
    assert message.subject.startswith("Reminder:")
    (mail,) = outbox
    assert mail.to == ["paul@example.org"] and mail.attachments


def test_the_task_and_the_command_remind_every_town(booked_last_week, outbox, town, committed):
    outbox.clear()
    with committed():
        result = send_appointment_reminders.enqueue()
    assert result.return_value == {str(town): 1}
    output = StringIO()
    call_command("appointments_remind", stdout=output)
    assert "0 reminder(s) sent" in output.getvalue()
    assert len(outbox) == 1
