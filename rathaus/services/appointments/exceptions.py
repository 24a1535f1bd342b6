"""Domain errors of appointments, shown to the person as translated messages."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class AppointmentError(UserFacingError):
    """Base of every refusal about appointments."""


class SlotTaken(AppointmentError):
    """The time has no free seat (any more), or is not one the service can be booked at."""

    message = _("This time was just taken. Please choose another one.")


class NotBookable(AppointmentError):
    message = _("Appointments cannot be booked for this service.")


class AppointmentClosed(AppointmentError):
    """A cancelled or past appointment cannot be changed or cancelled."""

    message = _("This appointment can no longer be changed.")


class NotAllowed(AppointmentError):
    message = _("You may not do this with this desk.")
