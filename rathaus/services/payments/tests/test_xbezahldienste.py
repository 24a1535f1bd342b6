"""The XBezahldienste client against the test provider's REST resources over HTTP, and the
test provider's answers as the standard words them."""

import dataclasses
import json
from contextlib import contextmanager

import pytest
from django.urls import reverse

from rathaus.services.payments import services, testprovider, xbezahldienste
from rathaus.services.payments.exceptions import ProviderRefused
from rathaus.services.payments.models import Payment, TestProviderTransaction
from rathaus.services.payments.xbezahldienste import XBezahldiensteClient

CLIENT_ID = "rathaus-weiterstadt"
CLIENT_SECRET = "test-secret-of-the-client"


@pytest.fixture
def credentials(settings):
    settings.RATHAUS_PAYMENT_CLIENT_ID = CLIENT_ID
    settings.RATHAUS_PAYMENT_CLIENT_SECRET = CLIENT_SECRET
    settings.RATHAUS_PAYMENT_TEST_PROVIDER = True
    XBezahldiensteClient._tokens.clear()
    yield
    XBezahldiensteClient._tokens.clear()


@pytest.fixture
def platform(live_server, settings, credentials):
    """This site's test provider, used as a real XBezahldienste platform over HTTP."""
    api = f"{live_server.url}/bezahlen/testanbieter/api/"
    settings.RATHAUS_PAYMENT_PROVIDER = "xbezahldienste"
    settings.RATHAUS_PAYMENT_BASE_URL = api
    settings.RATHAUS_PAYMENT_TOKEN_URL = f"{api}oauth/token"
    settings.RATHAUS_PAYMENT_TIMEOUT = 5
    return live_server


def test_client_creates_and_reads_a_payment_transaction_over_http(platform, start, settled):
    payment = start()

    assert payment.provider == "xbezahldienste"
    assert payment.pay_url.startswith(f"{platform.url}/bezahlen/testanbieter/")
    found = TestProviderTransaction.objects.get(pk=payment.provider_transaction_id)
    assert found.payment_request["requestId"] == str(payment.pk)
    assert found.payment_request["redirectUrl"].endswith(payment.get_absolute_url())
    assert found.payment_request["redirectUrl"].startswith("http")

    assert services.refresh_payment(payment=payment).state == Payment.State.PENDING
    testprovider.settle(found=found, status=TestProviderTransaction.Status.PAYED)
    paid = services.refresh_payment(payment=payment)

    assert paid.state == Payment.State.PAID
    assert paid.payment_method == "OTHER"
    assert paid.provider_reference == found.reference
    assert settled == [payment.pk]


def test_a_cancelled_transaction_is_read_as_cancelled(platform, start, settled):
    payment = start()
    found = TestProviderTransaction.objects.get(pk=payment.provider_transaction_id)
    testprovider.settle(found=found, status=TestProviderTransaction.Status.CANCELED)

    assert services.refresh_payment(payment=payment).state == Payment.State.CANCELLED
    assert settled == []


@contextmanager
def client_sends(**changes):
    """Change what our client sends, not what the test provider expects."""
    configured = xbezahldienste.configuration
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(
            xbezahldienste,
            "configuration",
            lambda town: dataclasses.replace(configured(town), **changes),
        )
        yield


def test_a_wrong_client_secret_is_refused_and_blocks_nothing(platform, start):
    with client_sends(client_secret="wrong"), pytest.raises(ProviderRefused) as refusal:
        start()

    assert "token request answered 401" in refusal.value.detail
    assert Payment.objects.get().state == Payment.State.FAILED
    assert start().is_pending


def test_an_unknown_endpoint_is_refused(platform, start):
    with client_sends(endpoint_id="06999999"), pytest.raises(ProviderRefused) as refusal:
        start()

    assert "NO_VALID_ORIGINATOR_OR_ENDPOINT" in refusal.value.detail


# The test provider's resources, as the standard words them -----------------------------------


def _token(client) -> str:
    answer = client.post(
        reverse("payments:test_api_token"),
        {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert answer.status_code == 200
    assert answer.json()["token_type"] == "Bearer"
    return answer.json()["access_token"]


def _collection(town) -> str:
    return reverse("payments:test_api_transactions", args=["rathaus", town.ags])


def _request(**changes) -> dict:
    body = {
        "requestId": "0f8e7d6c-1111-2222-3333-444455556666",
        "requestTimestamp": "2026-11-29T10:00:00.000Z",
        "currency": "EUR",
        "grosAmount": 30.70,
        "purpose": "Bewohnerparkausweis",
        "description": "Bewohnerparkausweis für die Zone A",
        "redirectUrl": "https://rathaus.example/bezahlen/zurueck/",
        "items": [
            {
                "id": "1",
                "description": "Bewohnerparkausweis",
                "quantity": 1,
                "singleNetAmount": 30.70,
                "totalNetAmount": 30.70,
                "totalTaxAmount": 0,
            }
        ],
    }
    body.update(changes)
    return body


def _post(client, town, body, token):
    return client.post(
        _collection(town),
        json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )


def test_post_answers_a_payment_transaction_with_status_initial(client, town, credentials):
    answer = _post(client, town, _request(), _token(client))

    assert answer.status_code == 200
    information = answer.json()["paymentInformation"]
    assert information["status"] == "INITIAL"
    assert information["transactionRedirectUrl"].startswith("http://testserver/bezahlen/")
    assert information["transactionUrl"].endswith(information["transactionId"])
    assert answer.json()["paymentRequest"]["requestId"] == _request()["requestId"]

    again = client.get(
        information["transactionUrl"], headers={"authorization": f"Bearer {_token(client)}"}
    )
    assert again.json()["paymentInformation"]["transactionId"] == information["transactionId"]


def test_a_request_without_access_token_is_forbidden(client, town, credentials):
    answer = client.post(_collection(town), json.dumps(_request()), content_type="application/json")

    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["functionalCode"] == "FORBIDDEN"


def test_items_that_do_not_add_up_are_a_calculation_error(client, town, credentials):
    answer = _post(client, town, _request(grosAmount=99.99), _token(client))

    assert answer.status_code == 400
    assert answer.json()["functionalCode"] == "CALCULATION_ERROR"


def test_a_purpose_longer_than_27_characters_is_a_validation_error(client, town, credentials):
    answer = _post(client, town, _request(purpose="x" * 28), _token(client))

    assert answer.json()["functionalCode"] == "VALIDATION_ERROR"


def test_the_same_request_id_twice_is_payment_exists(client, town, credentials):
    token = _token(client)
    _post(client, town, _request(), token)

    answer = _post(client, town, _request(), token)

    assert answer.status_code == 409
    assert answer.json()["functionalCode"] == "PAYMENT_EXISTS"


def test_the_test_provider_is_not_served_when_switched_off(client, town, settings, start):
    payment = start()
    settings.RATHAUS_PAYMENT_TEST_PROVIDER = False

    assert client.get(payment.pay_url).status_code == 404
    assert client.post(reverse("payments:test_api_token")).status_code == 404
