"""Domain errors of the provider area; views turn them into translated messages."""

from django.utils.translation import gettext_lazy as _


class ProviderError(Exception):
    """A provider action that cannot be done; ``message`` is shown to the person."""

    message = _("This action is not possible.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class HostTaken(ProviderError):
    message = _("This host name is already used by a town of this installation.")


class LastHost(ProviderError):
    message = _("A town needs at least one host name; add another one first.")


class CurrentHost(ProviderError):
    message = _("You are using this host name right now; to remove it, sign in under another one.")


class ProviderTenant(ProviderError):
    message = _("The IT provider's own tenant cannot be suspended or deleted here.")


class AlreadyHandled(ProviderError):
    message = _("This has already been handled.")


class ProviderExists(ProviderError):
    message = _("This installation already has an IT provider's tenant.")
