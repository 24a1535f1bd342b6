"""Telling the person about their appointment: booked, changed, cancelled, tomorrow.

A signed-in person gets a postbox message (and an e-mail to their account's address); a
person without an account gets an e-mail to the address they gave. Both carry the
appointment as an iCalendar file. Everything is sent after the transaction commits.
"""

from django.conf import settings
from django.urls import reverse

from rathaus.core.notifications.services import absolute_url, notify, send_templated_email

from .. import ics

BOOKED = "booked"
CHANGED = "changed"
CANCELLED = "cancelled"
REMINDER = "reminder"


def manage_path(appointment) -> str:
    """The path of the page where the person changes or cancels the appointment."""
    return reverse("appointments:manage", args=[appointment.manage_token])


def tell_person(appointment, *, kind: str) -> None:
    """Send the message of ``kind`` (booked, changed, cancelled, reminder)."""
    path = manage_path(appointment)
    person = appointment.booked_by
    by_postbox = person is not None and person.is_active
    language = (
        person.preferred_language if by_postbox else appointment.language
    ) or settings.LANGUAGE_CODE
    manage_url = absolute_url(path)
    context = {
        "appointment": appointment,
        "service_name": appointment.service.name,
        "desk": appointment.desk,
        "manage_url": "" if kind == CANCELLED else manage_url,
    }
    attachments = [
        (
            ics.FILE_NAME,
            ics.calendar_file(appointment, manage_url=context["manage_url"], language=language),
            ics.MIME_TYPE,
        )
    ]
    template = f"appointments/{kind}"
    if by_postbox:
        notify(
            recipient=person,
            template=template,
            context=context,
            link="" if kind == CANCELLED else path,
            attachments=attachments,
        )
    else:
        send_templated_email(
            to=appointment.email,
            template=template,
            context=context,
            language=language,
            attachments=attachments,
        )
