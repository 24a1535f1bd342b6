"""Payment providers: one interface, the built-in test provider and XBezahldienste platforms.

``RATHAUS_PAYMENT_PROVIDER`` chooses the provider for new payments ("test", the default, or
"xbezahldienste"); a payment keeps the provider it was started with, so it can still be
checked after the setting changed.
"""

from abc import ABC, abstractmethod

from django.conf import settings

from rathaus.core.notifications.services import absolute_url

from . import testprovider, xbezahldienste
from .exceptions import ProviderRefused, ProviderUnavailable
from .models import Payment
from .xbezahldienste import PaymentTransaction, Status

DEFAULT_PROVIDER = "test"

# How a status of the standard shows in our payment's state.
STATE_FOR_STATUS = {
    Status.INITIAL: Payment.State.PENDING,
    Status.PAYED: Payment.State.PAID,
    Status.FAILED: Payment.State.FAILED,
    Status.CANCELED: Payment.State.CANCELLED,
}


class PaymentProvider(ABC):
    """Creates a payment transaction at a provider and reads its status back."""

    key: str

    @abstractmethod
    def create(self, *, payment: Payment, return_url: str) -> PaymentTransaction:
        """Create the transaction for ``payment``; the provider sends the browser back to
        ``return_url`` (a path on this site) when the person is done."""

    @abstractmethod
    def fetch_status(self, *, payment: Payment) -> PaymentTransaction:
        """The transaction of ``payment`` as the provider knows it now."""

    @staticmethod
    def payment_request(payment: Payment, redirect_url: str) -> dict:
        return xbezahldienste.payment_request(
            request_id=str(payment.pk),
            purpose=payment.purpose,
            description=payment.description,
            redirect_url=redirect_url,
            items=payment.items,
            currency=payment.currency,
            timestamp=payment.created_at,
        )


class TestProvider(PaymentProvider):
    """The built-in test provider, called in-process: a single-process server cannot send
    an HTTP request to itself while it answers one. Its REST resources are the same
    functions behind HTTP."""

    __test__ = False  # not a test case (pytest collects classes called Test*)

    key = "test"

    def create(self, *, payment: Payment, return_url: str) -> PaymentTransaction:
        town = payment.town
        try:
            found = testprovider.create_transaction(
                originator_id=xbezahldienste.originator_id(),
                endpoint=testprovider.endpoint_id(town),
                body=self.payment_request(payment, return_url),
                town=town,
            )
        except testprovider.RequestRefused as refusal:
            raise ProviderRefused(detail=str(refusal)) from refusal
        return xbezahldienste.parse_transaction(testprovider.transaction_answer(found))

    def fetch_status(self, *, payment: Payment) -> PaymentTransaction:
        town = payment.town
        try:
            found = testprovider.find_transaction(
                originator_id=xbezahldienste.originator_id(),
                endpoint=testprovider.endpoint_id(town),
                transaction_id=payment.provider_transaction_id,
                town=town,
            )
        except testprovider.RequestRefused as refusal:
            raise ProviderRefused(detail=str(refusal)) from refusal
        return xbezahldienste.parse_transaction(testprovider.transaction_answer(found))


class XBezahldiensteProvider(PaymentProvider):
    """A payment platform that implements XBezahldienste (pmPayment, ePayBL, ...)."""

    key = "xbezahldienste"

    def _client(self, payment: Payment) -> xbezahldienste.XBezahldiensteClient:
        return xbezahldienste.XBezahldiensteClient(xbezahldienste.configuration(payment.town))

    def create(self, *, payment: Payment, return_url: str) -> PaymentTransaction:
        body = self.payment_request(payment, absolute_url(return_url))
        return self._client(payment).create_transaction(body)

    def fetch_status(self, *, payment: Payment) -> PaymentTransaction:
        return self._client(payment).read_transaction(payment.provider_transaction_id)


PROVIDERS: dict[str, type[PaymentProvider]] = {
    TestProvider.key: TestProvider,
    XBezahldiensteProvider.key: XBezahldiensteProvider,
}


def configured_provider_key() -> str:
    return getattr(settings, "RATHAUS_PAYMENT_PROVIDER", "") or DEFAULT_PROVIDER


def get_provider(key: str | None = None) -> PaymentProvider:
    """The provider named ``key``, by default the one configured for new payments."""
    key = key or configured_provider_key()
    if key not in PROVIDERS:
        raise ProviderUnavailable(detail=f"unknown payment provider {key!r:.40}")
    return PROVIDERS[key]()
