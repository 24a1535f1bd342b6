"""The built-in test provider: a stand-in payment platform that speaks XBezahldienste.

It keeps PaymentTransactions (``TestProviderTransaction``), answers the standard's REST
resources (``views_testprovider``, so the real client can be tried against it over HTTP)
and has a pay page where a person pays or cancels with one click; no money moves. Its
access tokens come from an OAuth 2.0 client-credentials grant with the client id and
secret configured for the real platform (``RATHAUS_PAYMENT_CLIENT_ID`` and ``..._SECRET``).

It is served when ``RATHAUS_PAYMENT_TEST_PROVIDER`` is true, by default whenever
``RATHAUS_PAYMENT_PROVIDER`` is "test".
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import xbezahldienste
from .models import TestProviderTransaction
from .xbezahldienste import FunctionalCode

TOKEN_SALT = "rathaus.payments.testprovider.token"  # noqa: S105 - a salt, not a secret
TOKEN_LIFETIME_SECONDS = 300
DEFAULT_ENDPOINT_ID = "test"


class RequestRefused(Exception):
    """An answer of the test provider that is not a PaymentTransaction (problem+json)."""

    def __init__(self, status: int, functional_code: str, detail: str):
        self.status = status
        self.functional_code = functional_code
        self.detail = detail
        super().__init__(f"{status} {functional_code}: {detail}")

    def problem(self) -> dict:
        return {
            "type": "about:blank",
            "status": self.status,
            "title": _TITLES.get(self.status, "Error"),
            "detail": self.detail,
            "functionalCode": self.functional_code,
        }


_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}


def is_enabled() -> bool:
    enabled = getattr(settings, "RATHAUS_PAYMENT_TEST_PROVIDER", None)
    if enabled is None:
        return getattr(settings, "RATHAUS_PAYMENT_PROVIDER", "test") == "test"
    return bool(enabled)


def endpoint_id(town) -> str:
    """The ``endPointId`` the test provider expects for ``town``."""
    return xbezahldienste.endpoint_id(town) or DEFAULT_ENDPOINT_ID


def _check_ids(originator_id: str, endpoint: str, town) -> None:
    if originator_id != xbezahldienste.originator_id() or endpoint != endpoint_id(town):
        raise RequestRefused(
            403,
            FunctionalCode.NO_VALID_ORIGINATOR_OR_ENDPOINT,
            "No client is known under this originatorId and endPointId.",
        )


# Access tokens -------------------------------------------------------------------------------


def issue_token(*, client_id: str, client_secret: str) -> dict:
    """An access token for the configured client (OAuth 2.0 client credentials)."""
    expected_id = getattr(settings, "RATHAUS_PAYMENT_CLIENT_ID", "")
    expected_secret = getattr(settings, "RATHAUS_PAYMENT_CLIENT_SECRET", "")
    if not (
        expected_id
        and expected_secret
        and constant_time_compare(client_id, expected_id)
        and constant_time_compare(client_secret, expected_secret)
    ):
        raise RequestRefused(401, FunctionalCode.FORBIDDEN, "Unknown client.")
    token = signing.dumps({"client": client_id}, salt=TOKEN_SALT)
    return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME_SECONDS}


def check_authorization(header: str) -> None:
    """Refuse a request without a valid ``Authorization: Bearer`` token."""
    scheme, _space, token = (header or "").partition(" ")
    try:
        if scheme.lower() != "bearer" or not token:
            raise signing.BadSignature
        signing.loads(token.strip(), salt=TOKEN_SALT, max_age=TOKEN_LIFETIME_SECONDS)
    except signing.BadSignature as error:
        raise RequestRefused(
            401, FunctionalCode.FORBIDDEN, "A valid access token is required."
        ) from error


# PaymentRequests -----------------------------------------------------------------------------


def _invalid(detail: str, code: str = FunctionalCode.VALIDATION_ERROR) -> RequestRefused:
    return RequestRefused(400, code, detail)


def _amount(value, name: str) -> int:
    try:
        cents = xbezahldienste.euros_to_cents(value)
    except ValueError as error:
        raise _invalid(f"{name} is not an amount in euros and cents.") from error
    if not 0 <= cents <= xbezahldienste.MAX_AMOUNT_CENTS:
        raise _invalid(f"{name} is out of range.")
    return cents


def _check_item(item, number: int) -> int:
    """The item's gross total in cents, after checking it."""
    if not isinstance(item, dict):
        raise _invalid(f"Item {number} is not an object.")
    if not isinstance(item.get("description"), str) or not item["description"].strip():
        raise _invalid(f"Item {number} has no description.")
    quantity = item.get("quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 999999:
        raise _invalid(f"Item {number} has an invalid quantity.")
    net = _amount(item.get("totalNetAmount"), f"totalNetAmount of item {number}")
    tax = _amount(item.get("totalTaxAmount", 0), f"totalTaxAmount of item {number}")
    if "singleNetAmount" in item:
        single = _amount(item["singleNetAmount"], f"singleNetAmount of item {number}")
        if single * quantity != net:
            raise _invalid(
                f"Item {number}: quantity times singleNetAmount is not totalNetAmount.",
                FunctionalCode.CALCULATION_ERROR,
            )
    return net + tax


def check_payment_request(body) -> None:
    """Refuse a PaymentRequest the standard does not allow (``RequestRefused``)."""
    if not isinstance(body, dict):
        raise _invalid("The body is not a PaymentRequest.")
    if not xbezahldienste.ID_PATTERN.fullmatch(str(body.get("requestId", ""))):
        raise _invalid("requestId is missing or invalid.")
    if body.get("currency") != xbezahldienste.CURRENCY:
        raise _invalid("Only the currency EUR is supported.")
    if not xbezahldienste.PURPOSE_PATTERN.fullmatch(str(body.get("purpose", ""))):
        raise _invalid("purpose is missing, longer than 27 characters or has other signs.")
    description = body.get("description", "")
    if not isinstance(description, str) or len(description) > 250:
        raise _invalid("description is longer than 250 characters.")
    redirect_url = body.get("redirectUrl")
    if (
        not isinstance(redirect_url, str)
        or len(redirect_url) > xbezahldienste.REDIRECT_URL_MAX_LENGTH
        or not xbezahldienste.is_web_address(redirect_url)
    ):
        raise _invalid("redirectUrl is missing or not a web address.")
    items = body.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= xbezahldienste.MAX_ITEMS:
        raise _invalid("A PaymentRequest has 1 to 99 items.")
    total = sum(_check_item(item, number) for number, item in enumerate(items, 1))
    if _amount(body.get("grosAmount"), "grosAmount") != total:
        raise _invalid("grosAmount is not the sum of the items.", FunctionalCode.CALCULATION_ERROR)


def create_transaction(*, originator_id: str, endpoint: str, body, town) -> TestProviderTransaction:
    """Accept a PaymentRequest: a new transaction, waiting on the pay page."""
    _check_ids(originator_id, endpoint, town)
    check_payment_request(body)
    new = TestProviderTransaction(
        originator_id=originator_id,
        endpoint_id=endpoint,
        request_id=body["requestId"],
        payment_request=_json_safe(body),
    )
    new.reference = f"TEST-{new.pk.hex[:10].upper()}"
    try:
        with transaction.atomic():
            new.save(force_insert=True)
    except IntegrityError as error:
        raise RequestRefused(
            409,
            FunctionalCode.PAYMENT_EXISTS,
            "A PaymentRequest with this requestId was placed already.",
        ) from error
    return new


def _json_safe(value):
    """The request as received, with Decimal amounts (from parsing) as JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    return value


def find_transaction(*, originator_id: str, endpoint: str, transaction_id: str, town):
    _check_ids(originator_id, endpoint, town)
    found = TestProviderTransaction.objects.filter(
        pk=_uuid_or_none(transaction_id), originator_id=originator_id, endpoint_id=endpoint
    ).first()
    if found is None:
        raise RequestRefused(404, FunctionalCode.UNSPECIFIED, "No such payment transaction.")
    return found


def _uuid_or_none(text: str):
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


def transaction_answer(found: TestProviderTransaction, *, absolute=lambda path: path) -> dict:
    """The PaymentTransaction as the standard shapes it. ``absolute`` turns a path on this
    site into the address a client outside needs (the in-process provider keeps paths)."""
    information = {
        "transactionId": str(found.pk),
        "transactionUrl": absolute(
            reverse(
                "payments:test_api_transaction",
                args=[found.originator_id, found.endpoint_id, found.pk],
            )
        ),
        "transactionReference": found.reference,
        "status": found.status,
    }
    if found.is_open:
        information["transactionRedirectUrl"] = absolute(
            reverse("payments:test_pay_page", args=[found.pk])
        )
    if found.status == TestProviderTransaction.Status.PAYED:
        information["paymentMethod"] = "OTHER"
        information["paymentMethodDetail"] = "test-provider"
    if found.finished_at:
        information["transactionTimestamp"] = found.finished_at.isoformat(timespec="milliseconds")
    return {"paymentInformation": information, "paymentRequest": found.payment_request}


# The pay page --------------------------------------------------------------------------------


def settle(*, found: TestProviderTransaction, status: str) -> TestProviderTransaction:
    """The person paid (PAYED) or cancelled (CANCELED) on the pay page. A finished
    transaction stays as it is, so a second click changes nothing."""
    with transaction.atomic():
        locked = TestProviderTransaction.objects.select_for_update().get(pk=found.pk)
        if locked.is_open:
            locked.status = status
            locked.finished_at = timezone.now()
            locked.save(update_fields=["status", "finished_at"])
    return locked


def items_for_display(found: TestProviderTransaction) -> tuple[list[dict], int]:
    """The request's items with amounts in cents, and the total in cents."""
    request = found.payment_request
    items = []
    for item in request.get("items", []):
        items.append(
            {
                "description": item.get("description", ""),
                "quantity": item.get("quantity", 1),
                "single_cents": xbezahldienste.euros_to_cents(
                    item.get("singleNetAmount", item.get("totalNetAmount", 0))
                ),
                "total_cents": xbezahldienste.euros_to_cents(item.get("totalNetAmount", 0))
                + xbezahldienste.euros_to_cents(item.get("totalTaxAmount", 0)),
            }
        )
    return items, xbezahldienste.euros_to_cents(request.get("grosAmount", 0))
