"""The reminder the day before an appointment, sent once per appointment."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Appointment
from ..timezones import local_date, local_day_bounds
from . import messages

# A person who booked or moved an appointment less than this before its start has just
# had the confirmation; a reminder on top would only repeat it.
REMINDER_NOTICE = datetime.timedelta(days=1)


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everybody whose appointment starts before the end of tomorrow (town time)
    and who was not reminded yet; returns how many reminders went out.

    Run it at least daily (``tasks.send_appointment_reminders``). Each appointment is
    claimed with a conditional update before its message is sent, so two runs at the same
    time never remind anybody twice.
    """
    now = now or timezone.now()
    _start, until = local_day_bounds(local_date(now) + datetime.timedelta(days=1))
    sent = 0
    due = Appointment.objects.due_for_reminder(now=now, until=until, notice=REMINDER_NOTICE)
    for appointment in due:
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=appointment.pk,
                state=Appointment.State.BOOKED,
                reminder_sent_at__isnull=True,
                sequence=appointment.sequence,
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            appointment.reminder_sent_at = now
            messages.tell_person(appointment, kind=messages.REMINDER)
        sent += 1
    return sent
