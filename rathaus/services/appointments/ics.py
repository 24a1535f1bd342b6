"""iCalendar (RFC 5545) files for appointments, as attachments and downloads.

An appointment is one VEVENT in a calendar object with ``METHOD:PUBLISH`` (RFC 5546: the
town publishes, nobody has to answer). ``UID`` stays the same for the appointment's whole
life; a change or cancellation raises ``SEQUENCE``, so calendar programs replace the
earlier version. ``DTSTART`` and ``DTEND`` are given in UTC, which needs no VTIMEZONE.
"""

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import STATUS, Calendar, Event

FILE_NAME = "termin.ics"
MIME_TYPE = "text/calendar"
PRODID = "-//Rathaus//Appointments//DE"


def uid_of(appointment) -> str:
    """Unique everywhere: the appointment's UUID (RFC 5545 suggests a domain part)."""
    return f"{appointment.pk}@rathaus"


def calendar_file(appointment, *, manage_url: str = "", language: str | None = None) -> bytes:
    """The appointment as an iCalendar file (``text/calendar``)."""
    with translation.override(language or appointment.language or settings.LANGUAGE_CODE):
        summary = _("Appointment: %(service)s") % {"service": appointment.service.name}
        description = _("Change or cancel: %(url)s") % {"url": manage_url} if manage_url else ""
    cancelled = appointment.state == appointment.State.CANCELLED
    event = Event.new(
        uid=uid_of(appointment),
        stamp=timezone.now().astimezone(datetime.UTC),
        start=appointment.starts_at.astimezone(datetime.UTC),
        end=appointment.ends_at.astimezone(datetime.UTC),
        summary=summary,
        location=f"{appointment.desk.name}, {appointment.desk.location}",
        description=description or None,
        sequence=appointment.sequence,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        url=manage_url or None,
    )
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH", subcomponents=[event])
    return calendar.to_ical()
