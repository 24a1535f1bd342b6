"""Two checks of the same payment at the same moment send ``payment_settled`` once."""

import threading

import pytest
from django.db import connection, connections

from rathaus.core.tenancy import for_town
from rathaus.services.payments import services
from rathaus.services.payments.models import Payment, TestProviderTransaction
from rathaus.services.payments.providers import TestProvider

# SQLite's in-memory test database reports a table lock to a second thread instead of
# letting it wait, so this runs on PostgreSQL (CI runs both).
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_checks_send_the_signal_once(town, start, settled, monkeypatch):
    payment = start()
    TestProviderTransaction.objects.filter(pk=payment.provider_transaction_id).update(
        status="PAYED"
    )
    # Both checks have the provider's answer before either stores it.
    both_asked = threading.Barrier(2, timeout=10)
    fetch = TestProvider.fetch_status

    def fetch_then_wait(self, *, payment):
        answer = fetch(self, payment=payment)
        both_asked.wait()
        return answer

    monkeypatch.setattr(TestProvider, "fetch_status", fetch_then_wait)
    results, errors = [], []

    def check():
        try:
            with for_town(town):
                results.append(services.refresh_payment(payment=payment).state)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert results == [Payment.State.PAID, Payment.State.PAID]
    assert settled == [payment.pk]


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_the_same_moment_make_one_payment(town, start):
    both_ready = threading.Barrier(2, timeout=10)
    started, errors = [], []

    def click():
        try:
            with for_town(town):
                both_ready.wait()
                started.append(start().pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(started)) == 1
    assert Payment.objects.count() == 1
    assert TestProviderTransaction.objects.count() == 1
