"""The base of domain errors that carry a message for the person who acted."""

from django.utils.translation import gettext_lazy as _


class UserFacingError(Exception):
    """An action that cannot be done; ``message`` (translated) is shown to the person.

    Subclasses set ``message``; a raise may pass a more specific one.
    """

    message = _("This action is not possible.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
