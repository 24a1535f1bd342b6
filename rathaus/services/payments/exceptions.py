"""Domain errors of online payments, shown to the person as translated messages.

They are errors of the online services (``ServicesError``), so a page of the application
flow that catches those shows them too.
"""

from django.utils.translation import gettext_lazy as _

from rathaus.services.exceptions import ServicesError


class PaymentError(ServicesError):
    """Base of every refusal or failure around a payment."""

    message = _("The payment is not possible at the moment.")


class ProviderUnavailable(PaymentError):
    """The payment provider did not answer, or answered with something unusable.

    Nothing is lost: a pending payment stays pending and is checked again later.
    ``detail`` is for the log (status code, the provider's error code), never for the page.
    """

    message = _(
        "The payment provider cannot be reached at the moment. Nothing is lost: please try "
        "again in a few minutes."
    )

    def __init__(self, message=None, *, detail: str = ""):
        self.detail = detail
        super().__init__(message)


class ProviderRefused(ProviderUnavailable):
    """The payment provider answered, but refused the request (a 4xx answer)."""

    message = _(
        "The payment provider did not accept the request. Nothing is lost: please try again "
        "later; if it fails again, contact the town hall."
    )


class PaymentAlreadySettled(PaymentError):
    """The application's fee has been paid already."""

    message = _("This fee has already been paid.")
