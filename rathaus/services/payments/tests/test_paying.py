"""Paying a fee with the built-in test provider, clicked through with the test client."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.services.payments import services
from rathaus.services.payments.exceptions import PaymentAlreadySettled
from rathaus.services.payments.models import Payment, TestProviderTransaction

from .conftest import RETURN_URL


def _path(url: str) -> str:
    return urlsplit(url).path


def test_applicant_pays_and_comes_back_to_a_paid_application(start, applicant_client, settled):
    payment = start()
    assert payment.state == Payment.State.PENDING
    assert payment.provider == "test"

    page = applicant_client.get(payment.pay_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Stadt Weiterstadt" in html
    assert "Bewohnerparkausweis" in html
    assert "30,70\u00a0€" in html
    assert "Jetzt bezahlen" in html
    assert "Zahlung abbrechen" in html

    paid = applicant_client.post(
        reverse("payments:test_pay", args=[payment.provider_transaction_id])
    )
    assert paid.status_code == 302
    assert _path(paid["Location"]) == reverse("payments:return", args=[payment.pk])

    back = applicant_client.get(paid["Location"])
    assert back.status_code == 302
    assert back["Location"] == RETURN_URL
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payment.paid_at is not None
    assert payment.pay_url == ""
    assert payment.provider_reference.startswith("TEST-")
    assert settled == [payment.pk]
    summaries = list(
        AuditEntry.objects.filter(object_id=str(payment.pk)).values_list("summary", flat=True)
    )
    assert summaries == ["payment started", "payment paid"]


def test_the_person_is_told_the_payment_arrived(start, applicant_client):
    payment = start()
    applicant_client.post(reverse("payments:test_pay", args=[payment.provider_transaction_id]))

    response = applicant_client.get(payment.get_absolute_url(), follow=True)

    assert "Vielen Dank. Ihre Zahlung ist eingegangen." in response.content.decode()


def test_cancelling_on_the_pay_page_cancels_and_a_new_payment_may_start(
    start, applicant_client, settled
):
    payment = start()

    cancelled = applicant_client.post(
        reverse("payments:test_cancel", args=[payment.provider_transaction_id])
    )
    back = applicant_client.get(cancelled["Location"])

    assert back["Location"] == RETURN_URL
    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED
    assert payment.paid_at is None
    assert settled == []
    again = start()
    assert again.pk != payment.pk and again.is_pending


def test_forged_status_in_the_return_address_changes_nothing(start, applicant_client, settled):
    payment = start()

    response = applicant_client.get(
        payment.get_absolute_url() + "?status=PAYED&paymentInformation.status=PAYED&paid=1"
    )

    assert response.status_code == 200
    assert "Wir warten auf die Bestätigung des Zahlungsdienstleisters" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert settled == []


def test_waiting_page_offers_to_check_again_and_to_go_back_to_the_pay_page(start, applicant_client):
    payment = start()

    html = applicant_client.get(payment.get_absolute_url()).content.decode()

    assert "Erneut prüfen" in html
    assert f'href="{payment.pay_url}"' in html
    assert "30,70\u00a0€" in html


def test_check_again_after_paying_goes_on_to_the_application(start, applicant_client, settled):
    payment = start()
    TestProviderTransaction.objects.filter(pk=payment.provider_transaction_id).update(
        status="PAYED"
    )

    response = applicant_client.post(payment.get_absolute_url())

    assert response["Location"] == RETURN_URL
    assert settled == [payment.pk]


def test_a_status_fetched_twice_sends_the_signal_once(start, applicant_client, settled):
    payment = start()
    applicant_client.post(reverse("payments:test_pay", args=[payment.provider_transaction_id]))

    first = services.refresh_payment(payment=payment)
    second = services.refresh_payment(payment=payment)
    applicant_client.get(payment.get_absolute_url())

    assert first.state == second.state == Payment.State.PAID
    assert settled == [payment.pk]
    assert AuditEntry.objects.filter(object_id=str(payment.pk), summary="payment paid").count() == 1


def test_a_late_answer_does_not_undo_a_paid_payment(start, settled, monkeypatch):
    payment = start()
    stale = Payment.objects.get(pk=payment.pk)
    TestProviderTransaction.objects.filter(pk=payment.provider_transaction_id).update(
        status="PAYED"
    )
    services.refresh_payment(payment=payment)
    # The provider's slower answer from before the payment: still INITIAL.
    TestProviderTransaction.objects.filter(pk=payment.provider_transaction_id).update(
        status="INITIAL"
    )

    result = services.refresh_payment(payment=stale)

    assert result.state == Payment.State.PAID
    assert settled == [payment.pk]


def test_double_click_on_pay_returns_the_pending_payment(start):
    first = start()
    second = start()

    assert second.pk == first.pk
    assert Payment.objects.count() == 1
    assert TestProviderTransaction.objects.count() == 1


def test_paid_application_refuses_a_second_payment(start):
    payment = start()
    TestProviderTransaction.objects.filter(pk=payment.provider_transaction_id).update(
        status="PAYED"
    )
    services.refresh_payment(payment=payment)

    with pytest.raises(PaymentAlreadySettled):
        start()


def test_the_database_refuses_two_open_payments_for_one_application(start):
    from django.db import IntegrityError, transaction

    payment = start()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            application=payment.application,
            provider="test",
            amount_cents=100,
            purpose="Zweite Zahlung",
            return_url=RETURN_URL,
        )
