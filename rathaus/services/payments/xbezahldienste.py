"""XBezahldienste 1.0: the REST interface between an online service and a payment platform.

XBezahldienste is the FITKO standard (official since 3 November 2023) that payment
platforms of German administrations implement (pmPayment, ePayBL, ePay21, ...). This
module speaks it as a client; ``testprovider`` speaks the same resources as a server.

What is used, and where it comes from:

* FITKO, "XBezahldienste API-Dokumentation", version 1.0.0,
  https://docs.fitko.de/xbezahldienste/APIDoku/versionen/v1.0.0/ (pages
  "initiate-payment-transaction" and "get-status-by-ids"):

  - ``POST /paymenttransaction/{originatorId}/{endPointId}`` sends a PaymentRequest and so
    creates a PaymentTransaction at the payment platform. ``originatorId`` names the online
    service that starts the payment, ``endPointId`` the responsible authority (e.g. its
    AGS); both are at most 36 characters of ``[\\w\\d-]``.
  - PaymentRequest fields: ``requestId`` (given by the online service, at most 36
    characters of ``[\\w\\d-]``), ``requestTimestamp``, ``currency`` (only ``EUR`` for now),
    ``grosAmount`` (at most 999999; the platform checks it against the items),
    ``purpose`` (Verwendungszweck, at most 27 characters of ``[\\w\\d\\s-]``),
    ``description`` (at most 250 characters, may be shown on the pay page),
    ``redirectUrl`` (at most 2082 characters; "the status (success / cancellation) must be
    queried with the status request (GET)"), ``items`` (1 to 99 positions) and the
    optional ``requestor``.
  - Errors come as ``application/problem+json`` with ``type``, ``status``, ``title``,
    ``detail`` and ``functionalCode``: NO_VALID_ORIGINATOR_OR_ENDPOINT, PAYMENT_EXISTS,
    CALCULATION_ERROR, BOOKING_DATA_MISSING, VALIDATION_ERROR, UNSPECIFIED, FORBIDDEN.

* The standard's data model as implemented by the open-source online-service platform
  Gover (aivot-digital/gover, ``XBezahldienstePaymentRequest``, ``...PaymentItem``,
  ``...PaymentInformation``, ``XBezahldienstStatus`` and its pmPayment and ePayBL
  connectors), for the parts the documentation excerpts above did not show:

  - item fields ``id``, ``reference``, ``description``, ``taxRate``, ``quantity``,
    ``singleNetAmount``, ``singleTaxAmount``, ``totalNetAmount``, ``totalTaxAmount``,
    ``bookingData``; amounts are decimal euros.
  - ``GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId}`` reads the
    transaction again; the answer to POST and GET is a PaymentTransaction
    ``{"paymentInformation": {...}, "paymentRequest": {...}}``.
  - paymentInformation: ``transactionId`` (given by the platform, at most 44 characters;
    the key for later GETs), ``transactionUrl``, ``transactionRedirectUrl`` (the pay page,
    present only while the status is INITIAL), ``transactionReference`` (the business
    reference, e.g. the cash reference), ``transactionTimestamp``, ``paymentMethod``
    (GIROPAY, PAYDIRECT, CREDITCARD, PAYPAL, OTHER), ``paymentMethodDetail``, ``status``
    and ``statusDetail``.
  - status values: INITIAL (created, nothing paid yet), PAYED (paid), FAILED (stopped by
    the platform), CANCELED (cancelled by the person), spelled exactly so.
  - authentication is not fixed by version 1.0.0; platforms use an OAuth 2.0 access
    token from a client-credentials grant sent as ``Authorization: Bearer`` (pmPayment)
    or mutual TLS with a client certificate (ePayBL). Both are supported here; the DPoP
    proofs of the next version of the standard are not.

How this site uses it: ``requestId`` is our payment's id, ``redirectUrl`` our return page,
amounts are whole cents converted to euros, fees carry no tax (``taxRate`` 0), and no
``requestor`` is sent (the platform asks the payer for what it needs). The state of a
payment is taken only from a GET, never from the browser's return.
"""

import datetime
import http.client
import json
import re
import ssl
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone

from .exceptions import ProviderRefused, ProviderUnavailable

PAYMENT_TRANSACTION_PATH = "paymenttransaction/{originator_id}/{endpoint_id}"
CURRENCY = "EUR"
ID_MAX_LENGTH = 36
TRANSACTION_ID_MAX_LENGTH = 44
PURPOSE_MAX_LENGTH = 27
DESCRIPTION_MAX_LENGTH = 250
REDIRECT_URL_MAX_LENGTH = 2082
MAX_ITEMS = 99
MAX_AMOUNT_CENTS = 999_999_00
DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_ORIGINATOR_ID = "rathaus"
# An answer larger than this is not a PaymentTransaction.
MAX_ANSWER_BYTES = 1024 * 1024
# An access token is renewed this long before the platform says it expires.
TOKEN_MARGIN_SECONDS = 30

ID_PATTERN = re.compile(r"[\w-]{1,36}", re.ASCII)
TRANSACTION_ID_PATTERN = re.compile(r"[\w-]{1,44}", re.ASCII)
PURPOSE_PATTERN = re.compile(r"[\w\s-]{1,27}", re.ASCII)
_NOT_IN_PURPOSE = re.compile(r"[^A-Za-z0-9_\s-]")
_NOT_IN_DESCRIPTION = re.compile(r"[^\w\s,.\-\u00C0-\u017F]", re.ASCII)
_TRANSLITERATION = str.maketrans(
    {"Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
)


class Status:
    """The status of a PaymentTransaction (paymentInformation.status)."""

    INITIAL = "INITIAL"
    PAYED = "PAYED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"

    ALL = frozenset({INITIAL, PAYED, FAILED, CANCELED})


class FunctionalCode:
    """The ``functionalCode`` of an error answer."""

    NO_VALID_ORIGINATOR_OR_ENDPOINT = "NO_VALID_ORIGINATOR_OR_ENDPOINT"
    PAYMENT_EXISTS = "PAYMENT_EXISTS"
    CALCULATION_ERROR = "CALCULATION_ERROR"
    BOOKING_DATA_MISSING = "BOOKING_DATA_MISSING"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    UNSPECIFIED = "UNSPECIFIED"
    FORBIDDEN = "FORBIDDEN"


# Texts ---------------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    return " ".join(text.split())


def clean_purpose(text: str) -> str:
    """``text`` as a purpose the standard accepts: umlauts spelled out (ä → ae), accents
    dropped, other signs turned into spaces, at most 27 characters, cut at the end.

    Banks print the purpose on statements, where an umlaut or a slash may not survive.
    """
    text = unicodedata.normalize("NFKD", str(text).translate(_TRANSLITERATION))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _collapse(_NOT_IN_PURPOSE.sub(" ", text))
    return text[:PURPOSE_MAX_LENGTH].rstrip()


def clean_text(text: str, limit: int = DESCRIPTION_MAX_LENGTH) -> str:
    """A description as the standard accepts it: Latin letters (with accents), digits,
    spaces, comma, dot and hyphen (m³ becomes m3), at most ``limit`` characters."""
    text = unicodedata.normalize("NFKC", str(text))
    return _collapse(_NOT_IN_DESCRIPTION.sub(" ", text))[:limit].rstrip()


def clean_id(text: str, limit: int = ID_MAX_LENGTH) -> str:
    return re.sub(r"[^\w-]", "", str(text), flags=re.ASCII)[:limit]


# Amounts -------------------------------------------------------------------------------------


def cents_to_euros(cents: int) -> float:
    """Whole cents as the decimal euro amount of the standard (1250 → 12.5).

    A float prints as the shortest decimal that reads back the same, so two places stay
    exact for every amount the standard allows.
    """
    return int(cents) / 100


def euros_to_cents(value) -> int:
    """A decimal euro amount as whole cents; ``ValueError`` unless it is a whole cent."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"Not an amount: {value!r}")
    try:
        amount = Decimal(str(value)) * 100
    except (InvalidOperation, ValueError) as error:
        raise ValueError(f"Not an amount: {value!r}") from error
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(f"Not a whole cent: {value!r}")
    return int(amount)


# Messages ------------------------------------------------------------------------------------


def payment_request(
    *,
    request_id: str,
    purpose: str,
    description: str,
    redirect_url: str,
    items: list[dict],
    currency: str = CURRENCY,
    timestamp=None,
) -> dict:
    """The PaymentRequest body for our items.

    ``items`` are ours: ``{"description", "amount_cents" (per unit), "quantity" (default
    1), "reference" (optional), "booking_data" (optional dict)}``.
    """
    positions = []
    total = 0
    for number, item in enumerate(items, 1):
        quantity = int(item.get("quantity", 1))
        single = int(item["amount_cents"])
        total += single * quantity
        position = {
            "id": str(number),
            "description": clean_text(item["description"]),
            "taxRate": 0,
            "quantity": quantity,
            "singleNetAmount": cents_to_euros(single),
            "singleTaxAmount": 0,
            "totalNetAmount": cents_to_euros(single * quantity),
            "totalTaxAmount": 0,
        }
        reference = clean_id(item.get("reference", ""))
        if reference:
            position["reference"] = reference
        if item.get("booking_data"):
            position["bookingData"] = {
                str(key): clean_text(value) for key, value in item["booking_data"].items()
            }
        positions.append(position)
    when = (timestamp or timezone.now()).astimezone(datetime.UTC)
    return {
        "requestId": request_id,
        "requestTimestamp": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "currency": currency,
        "grosAmount": cents_to_euros(total),
        "purpose": purpose,
        "description": clean_text(description),
        "redirectUrl": redirect_url,
        "items": positions,
    }


@dataclass(frozen=True)
class PaymentTransaction:
    """The parts of a PaymentTransaction answer this site uses."""

    transaction_id: str
    status: str
    redirect_url: str = ""
    transaction_url: str = ""
    reference: str = ""
    timestamp: str = ""
    payment_method: str = ""
    status_detail: str = ""


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def parse_transaction(data) -> PaymentTransaction:
    """Read a PaymentTransaction answer; ``ProviderUnavailable`` if it is not one."""
    information = data.get("paymentInformation") if isinstance(data, dict) else None
    if not isinstance(information, dict):
        raise ProviderUnavailable(detail="answer without paymentInformation")
    transaction_id = information.get("transactionId")
    if not isinstance(transaction_id, str) or not TRANSACTION_ID_PATTERN.fullmatch(transaction_id):
        raise ProviderUnavailable(detail=f"invalid transactionId {transaction_id!r:.60}")
    status = information.get("status")
    if status not in Status.ALL:
        raise ProviderUnavailable(detail=f"unknown status {status!r:.40}")
    redirect_url = _text(information.get("transactionRedirectUrl"), REDIRECT_URL_MAX_LENGTH)
    if redirect_url and not is_web_address(redirect_url):
        raise ProviderUnavailable(detail="transactionRedirectUrl is not a web address")
    return PaymentTransaction(
        transaction_id=transaction_id,
        status=status,
        redirect_url=redirect_url,
        transaction_url=_text(information.get("transactionUrl"), REDIRECT_URL_MAX_LENGTH),
        reference=_text(information.get("transactionReference"), ID_MAX_LENGTH),
        timestamp=_text(information.get("transactionTimestamp"), 40),
        payment_method=_text(information.get("paymentMethod"), 20),
        status_detail=_text(information.get("statusDetail"), 99),
    )


def is_web_address(url: str) -> bool:
    """An absolute http(s) address, or a path on this site (the in-process test provider)."""
    if url.startswith("/") and not url.startswith("//"):
        return True
    return urllib.parse.urlsplit(url).scheme in ("http", "https")


def problem_detail(body: bytes) -> str:
    """A short account of an ``application/problem+json`` answer, for the log."""
    try:
        problem = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(problem, dict):
        return ""
    parts = [str(problem.get(name, ""))[:200] for name in ("functionalCode", "title", "detail")]
    return " / ".join(part for part in parts if part)


# Configuration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Configuration:
    """Where and as whom this site talks to the payment platform."""

    base_url: str
    originator_id: str
    endpoint_id: str
    token_url: str = ""
    client_id: str = ""
    client_secret: str = ""
    client_certificate: str = ""
    timeout: float = DEFAULT_TIMEOUT_SECONDS


def originator_id() -> str:
    """Our online service's ``originatorId`` (agreed with the platform)."""
    return getattr(settings, "RATHAUS_PAYMENT_ORIGINATOR_ID", "") or DEFAULT_ORIGINATOR_ID


def endpoint_id(town) -> str:
    """The ``endPointId`` of the town's authority: as configured, else the town's AGS."""
    configured = getattr(settings, "RATHAUS_PAYMENT_ENDPOINT_ID", "")
    return configured or clean_id(getattr(town, "ags", "") or "")


def configuration(town) -> Configuration:
    """The platform configuration from the settings (``RATHAUS_PAYMENT_*``) for ``town``."""
    return Configuration(
        base_url=getattr(settings, "RATHAUS_PAYMENT_BASE_URL", ""),
        originator_id=originator_id(),
        endpoint_id=endpoint_id(town),
        token_url=getattr(settings, "RATHAUS_PAYMENT_TOKEN_URL", ""),
        client_id=getattr(settings, "RATHAUS_PAYMENT_CLIENT_ID", ""),
        client_secret=getattr(settings, "RATHAUS_PAYMENT_CLIENT_SECRET", ""),
        client_certificate=getattr(settings, "RATHAUS_PAYMENT_CLIENT_CERTIFICATE", ""),
        timeout=float(
            getattr(settings, "RATHAUS_PAYMENT_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)
            or DEFAULT_TIMEOUT_SECONDS
        ),
    )


# The client ----------------------------------------------------------------------------------


class XBezahldiensteClient:
    """Creates and reads PaymentTransactions at one XBezahldienste platform.

    Every failure (no answer in time, a 5xx answer, an answer that is not a
    PaymentTransaction) raises ``ProviderUnavailable``; a refusal (4xx) raises
    ``ProviderRefused``. Both carry a ``detail`` for the log.
    """

    _tokens: dict[tuple[str, str], tuple[str, float]] = {}
    _tokens_lock = threading.Lock()

    def __init__(self, config: Configuration):
        for url in filter(None, (config.base_url, config.token_url)):
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise ProviderUnavailable(detail=f"not an http(s) address: {url!r:.80}")
        if not config.base_url:
            raise ProviderUnavailable(detail="RATHAUS_PAYMENT_BASE_URL is not set")
        for name, value in (
            ("originatorId", config.originator_id),
            ("endPointId", config.endpoint_id),
        ):
            if not ID_PATTERN.fullmatch(value or ""):
                raise ProviderUnavailable(detail=f"invalid {name} {value!r:.40}")
        self.config = config
        self._collection = urllib.parse.urljoin(
            config.base_url.rstrip("/") + "/",
            PAYMENT_TRANSACTION_PATH.format(
                originator_id=config.originator_id, endpoint_id=config.endpoint_id
            ),
        )

    def create_transaction(self, payment_request: dict) -> PaymentTransaction:
        """POST the PaymentRequest; the platform's new PaymentTransaction."""
        return parse_transaction(self._call("POST", self._collection, payment_request))

    def read_transaction(self, transaction_id: str) -> PaymentTransaction:
        """GET the PaymentTransaction as the platform knows it now."""
        if not TRANSACTION_ID_PATTERN.fullmatch(transaction_id or ""):
            raise ProviderUnavailable(detail=f"invalid transactionId {transaction_id!r:.60}")
        url = f"{self._collection}/{transaction_id}"
        transaction = parse_transaction(self._call("GET", url))
        if transaction.transaction_id != transaction_id:
            raise ProviderUnavailable(detail="the answer is about another transaction")
        return transaction

    # HTTP ------------------------------------------------------------------------------------

    def _call(self, method: str, url: str, body: dict | None = None) -> dict:
        status, answer = self._send_authorised(method, url, body)
        if status == 401 and self.config.token_url:
            # The platform may have ended the token early: one more try with a new one.
            status, answer = self._send_authorised(method, url, body, renew=True)
        if 400 <= status < 500:
            raise ProviderRefused(detail=f"{method} answered {status}: {problem_detail(answer)}")
        if status not in (200, 201):
            raise ProviderUnavailable(
                detail=f"{method} answered {status}: {problem_detail(answer)}"
            )
        try:
            return json.loads(answer.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ProviderUnavailable(detail=f"{method} answer is not JSON") from error

    def _send_authorised(self, method, url, body, *, renew: bool = False) -> tuple[int, bytes]:
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.config.token_url:
            headers["Authorization"] = f"Bearer {self._access_token(renew=renew)}"
        return self._send(method, url, data=data, headers=headers)

    def _access_token(self, *, renew: bool = False) -> str:
        """An OAuth 2.0 access token from the client-credentials grant, kept until shortly
        before it expires."""
        key = (self.config.token_url, self.config.client_id)
        with self._tokens_lock:
            token, expires = self._tokens.get(key, ("", 0.0))
            if token and not renew and expires > time.monotonic():
                return token
        form = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": self.config.client_id,
                "client_secret": self.config.client_secret,
            }
        ).encode("ascii")
        status, answer = self._send(
            "POST",
            self.config.token_url,
            data=form,
            headers={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        if status != 200:
            error_class = ProviderRefused if 400 <= status < 500 else ProviderUnavailable
            raise error_class(detail=f"token request answered {status}")
        try:
            grant = json.loads(answer.decode("utf-8"))
            token = str(grant["access_token"])
            lifetime = float(grant.get("expires_in", 300))
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise ProviderUnavailable(detail="token answer without access_token") from error
        with self._tokens_lock:
            self._tokens[key] = (token, time.monotonic() + lifetime - TOKEN_MARGIN_SECONDS)
        return token

    def _ssl_context(self) -> ssl.SSLContext | None:
        if not self.config.client_certificate:
            return None
        context = ssl.create_default_context()
        try:
            context.load_cert_chain(self.config.client_certificate)
        except (OSError, ssl.SSLError) as error:
            raise ProviderUnavailable(detail="the client certificate cannot be read") from error
        return context

    def _send(self, method: str, url: str, *, data: bytes | None, headers: dict):
        """One HTTP exchange: the status and at most MAX_ANSWER_BYTES of the answer.

        Redirects are not followed: they would carry the access token to another address.
        """
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - http(s) checked in __init__
        opener = urllib.request.build_opener(
            _NoRedirects, urllib.request.HTTPSHandler(context=self._ssl_context())
        )
        try:
            with opener.open(request, timeout=self.config.timeout) as response:
                return response.status, response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as error:
            return error.code, _error_body(error)
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
            raise ProviderUnavailable(detail=f"{method} {url}: {error}"[:300]) from error


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _error_body(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(MAX_ANSWER_BYTES) if error.fp else b""
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        error.close()
