"""Who may see a payment: the person whose application it pays.

That is the applicant, a member of the business the application is for, or, for an
application made without an account, whoever holds the browser session that started the
payment (the application flow calls ``remember_payment`` when it sends the person off to
pay). Everyone else gets a 404, as if the payment did not exist.
"""

from rathaus.services.models import Application

from .models import Payment

SESSION_KEY = "payments_started"
# A session remembers this many payments at most (the newest).
REMEMBERED = 20


def remember_payment(session, payment: Payment) -> None:
    """Let the holder of ``session`` come back to ``payment`` without an account."""
    started = [pk for pk in session.get(SESSION_KEY, []) if pk != str(payment.pk)]
    session[SESSION_KEY] = [*started, str(payment.pk)][-REMEMBERED:]


def may_see(request, payment: Payment) -> bool:
    application = payment.application
    if application.applicant_id is None:
        return str(payment.pk) in request.session.get(SESSION_KEY, [])
    user = request.user
    return bool(
        user.is_authenticated
        and Application.objects.of_applicant(user).filter(pk=application.pk).exists()
    )
