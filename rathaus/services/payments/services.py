"""Paying an application's fee: starting a payment, asking the provider for its state,
and re-checking payments nobody came back for.

The state of a payment changes only through ``refresh_payment``, which asks the provider
(GET) and changes the row under a lock; a status that arrives twice or late changes
nothing twice, and ``payment_settled`` is sent once per payment, ever.
"""

import logging
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, snapshot
from rathaus.services.models import Application

from . import xbezahldienste
from .exceptions import PaymentAlreadySettled, ProviderUnavailable
from .models import Payment
from .providers import STATE_FOR_STATUS, get_provider
from .signals import payment_settled
from .xbezahldienste import PaymentTransaction

logger = logging.getLogger(__name__)

# A pending payment is checked in the background once nobody came back for it this long.
RECHECK_AFTER = timedelta(minutes=5)
RECHECK_BATCH = 200
# A payment whose transaction was never created (the server stopped while asking the
# provider) is given up after this long, so the application can be paid again.
ABANDONED_AFTER = timedelta(minutes=15)


def _item_value(item, *names, default=None):
    for name in names:
        value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
        if value is not None:
            return value
    return default


def _clean_item(item) -> dict:
    """One item in our stored form. Accepts ``{"description", "amount_cents" (per unit),
    "quantity", "reference", "booking_data"}`` or an object with ``label``, ``unit_cents``
    and ``quantity`` (the fee rule's ``FeeItem``)."""
    description = xbezahldienste.clean_text(_item_value(item, "description", "label", default=""))
    unit = _item_value(item, "unit_cents", "amount_cents")
    quantity = _item_value(item, "quantity", default=1)
    if not description:
        raise ValueError("Every item needs a description.")
    if isinstance(unit, bool) or not isinstance(unit, int) or unit < 0:
        raise ValueError("An item's amount is a whole number of cents, at least 0.")
    if isinstance(quantity, bool) or not isinstance(quantity, int | Decimal) or quantity <= 0:
        raise ValueError("An item's quantity is a number above 0.")
    if quantity != int(quantity):
        # The standard counts whole units: 2.5 m³ become one position with their total.
        unit, quantity = int((quantity * unit).quantize(Decimal(1), ROUND_HALF_UP)), 1
    entry = {"description": description, "amount_cents": unit, "quantity": int(quantity)}
    reference = xbezahldienste.clean_id(_item_value(item, "reference", default=""))
    if reference:
        entry["reference"] = reference
    booking_data = _item_value(item, "booking_data")
    if booking_data:
        entry["booking_data"] = {str(key): str(value) for key, value in booking_data.items()}
    return entry


def _clean_items(items) -> list[dict]:
    """The items, checked; ``ValueError`` for what the caller got wrong."""
    if not isinstance(items, list | tuple) or not 1 <= len(items) <= xbezahldienste.MAX_ITEMS:
        raise ValueError("A payment has 1 to 99 items.")
    return [_clean_item(item) for item in items]


def _is_site_path(url: str) -> bool:
    return (
        isinstance(url, str)
        and url.startswith("/")
        and len(url) <= 500
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def start_payment(
    *,
    application: Application,
    items: list,
    purpose: str,
    return_url: str,
    description: str = "",
    actor=None,
) -> Payment:
    """Start paying ``application``'s fee: the payment, with the provider's pay page to
    send the person to (``payment.continue_url``).

    A pending payment of the application is returned instead of a second one (a double
    click); a paid one refuses (``PaymentAlreadySettled``). The purpose is made to fit the
    standard (27 characters, no umlauts). ``return_url`` is the path on this site the
    person comes back to once the payment is settled. If the provider cannot be reached,
    ``ProviderUnavailable`` is raised and nothing blocks a new try. The audit trail names
    ``actor``, by default the applicant.
    """
    if actor is None:
        actor = application.applicant
    items = _clean_items(items)
    amount = sum(item["amount_cents"] * item["quantity"] for item in items)
    if not 0 < amount <= xbezahldienste.MAX_AMOUNT_CENTS:
        raise ValueError("The total must be more than 0 and at most 999999 euros.")
    purpose = xbezahldienste.clean_purpose(purpose)
    if not purpose:
        raise ValueError("The purpose has no letters or digits.")
    if not _is_site_path(return_url):
        raise ValueError("The return address must be a path on this site.")
    provider = get_provider()
    with transaction.atomic():
        # Locking the application serialises two starts for it (a double click).
        Application.objects.select_for_update().filter(pk=application.pk).first()
        existing = Payment.objects.open().filter(application=application).first()
        if existing is not None:
            if existing.is_paid:
                raise PaymentAlreadySettled
            return existing
        payment = Payment.objects.create(
            application=application,
            provider=provider.key,
            amount_cents=amount,
            purpose=purpose,
            description=xbezahldienste.clean_text(description or application.service.name),
            items=items,
            return_url=return_url,
        )
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=payment,
            summary="payment started",
            changes=snapshot(payment),
        )
    # The provider is asked outside the transaction, so no lock is held while it answers.
    try:
        answer = provider.create(payment=payment, return_url=payment.get_absolute_url())
    except ProviderUnavailable as error:
        # Nothing was created that the person could pay: give this one up, so a new try
        # may start.
        logger.warning("Payment %s could not be started: %s", payment.pk, error.detail)
        _finish(payment, state=Payment.State.FAILED, actor=actor, summary="payment not started")
        raise
    return _apply(payment, answer, actor=actor, created=True)


def refresh_payment(*, payment: Payment, actor=None) -> Payment:
    """Ask the provider for the payment's state and take it over; the current payment.

    Only a pending payment changes, once, to paid, failed or cancelled. On the first
    change to paid ``payment_settled`` is sent, inside the transaction that stores it.
    ``ProviderUnavailable`` when the provider does not answer; the payment stays pending.
    """
    if not payment.is_pending:
        return payment
    if not payment.provider_transaction_id:
        if payment.created_at < timezone.now() - ABANDONED_AFTER:
            return _finish(
                payment, state=Payment.State.FAILED, actor=actor, summary="payment abandoned"
            )
        return Payment.objects.get(pk=payment.pk)
    try:
        answer = get_provider(payment.provider).fetch_status(payment=payment)
    except ProviderUnavailable as error:
        logger.warning("Payment %s could not be checked: %s", payment.pk, error.detail)
        Payment.objects.filter(pk=payment.pk).update(last_checked_at=timezone.now())
        raise
    return _apply(payment, answer, actor=actor)


def _apply(
    payment: Payment, answer: PaymentTransaction, *, actor, created: bool = False
) -> Payment:
    """Take over what the provider said, under the row's lock."""
    new_state = STATE_FOR_STATUS[answer.status]
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        now = timezone.now()
        locked.last_checked_at = now
        fields = ["last_checked_at"]
        if created and locked.is_pending and not locked.provider_transaction_id:
            locked.provider_transaction_id = answer.transaction_id
            fields.append("provider_transaction_id")
        if answer.reference and locked.provider_reference != answer.reference:
            locked.provider_reference = answer.reference
            fields.append("provider_reference")
        if locked.is_pending and answer.redirect_url and locked.pay_url != answer.redirect_url:
            locked.pay_url = answer.redirect_url
            fields.append("pay_url")
        if not locked.is_pending or new_state == Payment.State.PENDING:
            # Nothing to take over: still open, or already final (a late or repeated answer).
            locked.save(update_fields=fields)
            return locked
        before = locked.state
        locked.state = new_state
        locked.finished_at = now
        locked.pay_url = ""
        fields += ["state", "finished_at", "pay_url"]
        if new_state == Payment.State.PAID:
            locked.paid_at = now
            locked.payment_method = answer.payment_method
            fields += ["paid_at", "payment_method"]
        locked.save(update_fields=sorted(set(fields)))
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=locked,
            summary=f"payment {new_state}",
            changes={"state": [before, new_state]},
        )
        if new_state == Payment.State.PAID:
            payment_settled.send(sender=Payment, payment=locked)
    return locked


def _finish(payment: Payment, *, state: str, actor, summary: str) -> Payment:
    """End a payment that never reached the provider."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if not locked.is_pending:
            return locked
        locked.state = state
        locked.finished_at = timezone.now()
        locked.save(update_fields=["state", "finished_at"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=locked,
            summary=summary,
            changes={"state": [Payment.State.PENDING, state]},
        )
    return locked


def recheck_pending_payments(
    *, older_than: timedelta = RECHECK_AFTER, limit: int = RECHECK_BATCH
) -> dict[str, int]:
    """Ask the provider about pending payments nobody came back for (the person closed
    the browser after paying), in the current town; how many ended in which state
    (``"unreachable"`` for those the provider did not answer about)."""
    counts: Counter[str] = Counter()
    due = Payment.objects.due_for_recheck(started_before=timezone.now() - older_than)
    for payment in due[:limit]:
        try:
            counts[refresh_payment(payment=payment).state] += 1
        except ProviderUnavailable:
            counts["unreachable"] += 1
    return dict(counts)
