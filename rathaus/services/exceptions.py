"""Domain errors of the online services; each carries a translated message for the page."""

from django.utils.translation import gettext_lazy as _


class ServicesError(Exception):
    message = _("This could not be done.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class FimImportError(ServicesError):
    message = _("The FIM schema could not be imported.")


class NotPublished(ServicesError):
    message = _("This service cannot be applied for online.")


class NoForm(ServicesError):
    message = _("This service has no published form yet.")


class NotAllowedToApply(ServicesError):
    message = _("You cannot apply for this service with this account.")


class NotYourApplication(ServicesError):
    message = _("This application is not yours.")


class AnswersMissing(ServicesError):
    message = _("Some required answers are missing.")


class AppointmentMissing(ServicesError):
    message = _("Choose a date first.")


class AlreadySent(ServicesError):
    message = _("This application has already been sent.")


class WrongState(ServicesError):
    message = _("This cannot be done in the application's current state.")


class NotHandling(ServicesError):
    message = _("You do not handle applications for this service.")


class RouteStillRunning(ServicesError):
    message = _("The co-signing route is still running; decide once it has finished.")


class InvalidDefinition(ServicesError):
    message = _("The form definition has problems.")


class ConfirmationInvalid(ServicesError):
    message = _("This confirmation link is not valid (any more).")
