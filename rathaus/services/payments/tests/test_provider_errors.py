"""A provider that does not answer, answers 5xx or answers nonsense: the payment stays
pending, the person gets a clear message, and a later check picks it up."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rathaus.services.payments import services
from rathaus.services.payments.exceptions import ProviderUnavailable
from rathaus.services.payments.models import Payment
from rathaus.services.payments.xbezahldienste import XBezahldiensteClient

TRANSACTION_ID = "4711-abc"


class StubPlatform(BaseHTTPRequestHandler):
    """Answers POST with a fresh transaction and GET with whatever the test set."""

    get_answer: tuple[int, bytes] = (200, b"")

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        if 300 <= status < 400:
            # Somewhere else; the client must not follow (it would take the token along).
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        information = {
            "transactionId": TRANSACTION_ID,
            "status": "INITIAL",
            "transactionRedirectUrl": "https://pay.example/4711",
        }
        self._reply(200, json.dumps({"paymentInformation": information}).encode())

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._reply(*self.server.get_answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubPlatform)
    server.get_answer = (200, b"")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.RATHAUS_PAYMENT_PROVIDER = "xbezahldienste"
    settings.RATHAUS_PAYMENT_BASE_URL = f"http://127.0.0.1:{server.server_port}/api/"
    settings.RATHAUS_PAYMENT_TIMEOUT = 2
    XBezahldiensteClient._tokens.clear()
    yield server
    server.shutdown()
    server.server_close()


def _answer(status: str) -> bytes:
    return json.dumps(
        {"paymentInformation": {"transactionId": TRANSACTION_ID, "status": status}}
    ).encode()


@pytest.mark.parametrize(
    "answer",
    [
        (503, b'{"status": 503, "title": "Service Unavailable"}'),
        (500, b"<html>Internal Server Error</html>"),
        (200, b"not json"),
        (200, b'{"paymentInformation": {"transactionId": "4711-abc", "status": "DONE"}}'),
        (200, b'{"paymentInformation": {"transactionId": "other", "status": "PAYED"}}'),
        (200, b"[]"),
        (302, b""),
    ],
)
def test_an_unusable_answer_keeps_the_payment_pending(stub, start, settled, answer):
    payment = start()
    stub.get_answer = answer

    with pytest.raises(ProviderUnavailable) as problem:
        services.refresh_payment(payment=payment)

    assert problem.value.detail
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert payment.last_checked_at is not None
    assert settled == []


def test_the_return_page_explains_that_the_provider_cannot_be_reached(
    stub, start, applicant_client
):
    payment = start()
    stub.get_answer = (503, b"")

    response = applicant_client.get(payment.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Der Zahlungsdienstleister ist im Moment nicht erreichbar." in html
    assert "Erneut prüfen" in html


def test_after_the_outage_the_next_check_takes_the_payment_over(stub, start, settled):
    payment = start()
    stub.get_answer = (502, b"")
    with pytest.raises(ProviderUnavailable):
        services.refresh_payment(payment=payment)

    stub.get_answer = (200, _answer("PAYED"))

    assert services.refresh_payment(payment=payment).state == Payment.State.PAID
    assert settled == [payment.pk]


def test_a_provider_that_does_not_answer_in_time_is_unavailable(start, settings, settled):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.RATHAUS_PAYMENT_PROVIDER = "xbezahldienste"
    settings.RATHAUS_PAYMENT_BASE_URL = f"http://127.0.0.1:{silent.getsockname()[1]}/api/"
    settings.RATHAUS_PAYMENT_TIMEOUT = 0.3
    try:
        with pytest.raises(ProviderUnavailable):
            start()
    finally:
        silent.close()

    assert Payment.objects.get().state == Payment.State.FAILED


def test_a_provider_that_cannot_be_reached_fails_the_start_but_not_the_next_try(
    stub, start, settings
):
    port = settings.RATHAUS_PAYMENT_BASE_URL
    settings.RATHAUS_PAYMENT_BASE_URL = "http://127.0.0.1:9/api/"

    with pytest.raises(ProviderUnavailable) as problem:
        start()

    assert str(problem.value.message).startswith("Der Zahlungsdienstleister")
    settings.RATHAUS_PAYMENT_BASE_URL = port
    payment = start()
    assert payment.is_pending and payment.pay_url == "https://pay.example/4711"


def test_a_missing_base_address_is_reported_as_unavailable(start, settings):
    settings.RATHAUS_PAYMENT_PROVIDER = "xbezahldienste"
    settings.RATHAUS_PAYMENT_BASE_URL = ""

    with pytest.raises(ProviderUnavailable) as problem:
        start()

    assert "RATHAUS_PAYMENT_BASE_URL" in problem.value.detail
