"""Fixtures of the payment tests: an applicant with an application that costs a fee, and a
record of every ``payment_settled`` signal."""

import pytest

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.services.payments import services
from rathaus.services.payments.signals import payment_settled

from .factories import ApplicationFactory

PARKING_PERMIT = [{"description": "Bewohnerparkausweis", "amount_cents": 3070, "quantity": 1}]
RETURN_URL = "/antraege/mein-antrag/"


@pytest.fixture
def applicant():
    return UserFactory(given_name="Anna", family_name="Schmidt")


@pytest.fixture
def application(applicant):
    return ApplicationFactory(applicant=applicant)


@pytest.fixture
def start(application):
    """Start paying the application's fee (as the application flow does)."""

    def start_payment(**overrides):
        arguments = {
            "application": application,
            "items": PARKING_PERMIT,
            "purpose": "Bewohnerparkausweis",
            "return_url": RETURN_URL,
            **overrides,
        }
        return services.start_payment(**arguments)

    return start_payment


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def settled():
    """The payments ``payment_settled`` was sent for, in order."""
    calls = []

    def receiver(sender, payment, **kwargs):
        calls.append(payment.pk)

    payment_settled.connect(receiver, weak=False, dispatch_uid="payments-tests-settled")
    yield calls
    payment_settled.disconnect(dispatch_uid="payments-tests-settled")
