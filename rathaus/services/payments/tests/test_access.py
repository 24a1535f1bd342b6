"""Only the person whose application a payment pays may see its return page."""

from rathaus.core.accounts.tests.factories import MembershipFactory, UserFactory
from rathaus.services.payments import services
from rathaus.services.payments.access import remember_payment

from .conftest import PARKING_PERMIT, RETURN_URL
from .factories import ApplicationFactory


def test_someone_else_gets_404(start, client):
    payment = start()
    client.force_login(UserFactory())

    assert client.get(payment.get_absolute_url()).status_code == 404
    assert client.post(payment.get_absolute_url()).status_code == 404


def test_a_visitor_without_account_gets_404(start, client):
    payment = start()

    assert client.get(payment.get_absolute_url()).status_code == 404


def test_a_member_of_the_business_sees_its_payment(client):
    membership = MembershipFactory()
    application = ApplicationFactory(organisation=membership.organisation)
    payment = services.start_payment(
        application=application, items=PARKING_PERMIT, purpose="Gewerbe", return_url=RETURN_URL
    )
    client.force_login(membership.user)

    assert client.get(payment.get_absolute_url()).status_code == 200


def test_without_account_the_session_that_started_the_payment_sees_it(client):
    application = ApplicationFactory(applicant=None)
    payment = services.start_payment(
        application=application, items=PARKING_PERMIT, purpose="Sperrmuell", return_url=RETURN_URL
    )
    session = client.session
    remember_payment(session, payment)
    session.save()

    assert client.get(payment.get_absolute_url()).status_code == 200


def test_without_account_another_session_gets_404(client):
    application = ApplicationFactory(applicant=None)
    payment = services.start_payment(
        application=application, items=PARKING_PERMIT, purpose="Sperrmuell", return_url=RETURN_URL
    )

    assert client.get(payment.get_absolute_url()).status_code == 404


def test_a_session_does_not_open_payments_of_applications_with_an_account(start, client):
    payment = start()
    session = client.session
    remember_payment(session, payment)
    session.save()

    assert client.get(payment.get_absolute_url()).status_code == 404
