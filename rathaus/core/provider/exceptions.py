"""Domain errors of the provider area; views turn them into translated messages."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class ProviderError(UserFacingError):
    """A provider action that cannot be done; ``message`` is shown to the person."""


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
