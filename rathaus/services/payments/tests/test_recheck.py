"""The background job asks about payments nobody came back for."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from rathaus.services.payments import services
from rathaus.services.payments.models import Payment, TestProviderTransaction
from rathaus.services.payments.tasks import recheck_payments


def _started_ago(payment: Payment, minutes: int) -> None:
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def _paid_at_provider(payment: Payment) -> None:
    TestProviderTransaction.objects.filter(pk=payment.provider_transaction_id).update(
        status="PAYED"
    )


def test_a_person_who_paid_and_closed_the_browser_gets_the_payment_settled(start, settled, town):
    payment = start()
    _paid_at_provider(payment)
    _started_ago(payment, 6)

    result = recheck_payments.enqueue()

    assert result.return_value == {str(town): {"paid": 1}}
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert settled == [payment.pk]


def test_a_payment_started_a_moment_ago_is_left_to_the_person(start, settled):
    payment = start()
    _paid_at_provider(payment)

    recheck_payments.enqueue()

    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert settled == []


def test_a_payment_whose_transaction_was_never_created_is_given_up(application):
    payment = Payment.objects.create(
        application=application,
        provider="test",
        amount_cents=3070,
        purpose="Bewohnerparkausweis",
        return_url="/antraege/",
    )
    _started_ago(payment, 20)

    assert services.recheck_pending_payments() == {"failed": 1}
    payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED


def test_a_transaction_the_provider_does_not_know_is_counted_as_unreachable(start):
    payment = start()
    TestProviderTransaction.objects.all().delete()
    _started_ago(payment, 6)

    assert services.recheck_pending_payments() == {"unreachable": 1}
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_the_command_reports_per_town(start, town):
    payment = start()
    _paid_at_provider(payment)
    _started_ago(payment, 10)
    out = StringIO()

    call_command("payments_recheck", stdout=out)

    assert f"{town}: 1 paid." in out.getvalue()
