"""Writes of appointments: one function per use case.

Booking, changing and cancelling are in ``booking``, the reminders in ``reminders``, desks
and closures (staff) in ``desks``.
"""

from .booking import (
    book_appointment,
    booking_url,
    cancel_appointment,
    change_appointment,
    find_by_code,
    manage_path,
)
from .desks import (
    OpeningPeriod,
    add_closure,
    booked_on,
    can_close_town,
    create_desk,
    remove_closure,
    update_desk,
)
from .reminders import send_reminders

__all__ = [
    "OpeningPeriod",
    "add_closure",
    "book_appointment",
    "booked_on",
    "booking_url",
    "can_close_town",
    "cancel_appointment",
    "change_appointment",
    "create_desk",
    "find_by_code",
    "manage_path",
    "remove_closure",
    "send_reminders",
    "update_desk",
]
