"""Payments of fees for applications, and the transactions of the built-in test provider."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.tenancy import TownOwned, scoped_manager


class PaymentQuerySet(models.QuerySet):
    def open(self) -> "PaymentQuerySet":
        """Payments that block a new one for the same application: pending or paid."""
        return self.filter(state__in=Payment.OPEN_STATES)

    def pending(self) -> "PaymentQuerySet":
        return self.filter(state=Payment.State.PENDING)

    def due_for_recheck(self, *, started_before) -> "PaymentQuerySet":
        """Pending payments started before the given moment, the longest unchecked first."""
        return (
            self.pending()
            .filter(created_at__lt=started_before)
            .order_by(models.F("last_checked_at").asc(nulls_first=True), "created_at")
        )


class Payment(TownOwned):
    """The payment of an application's fee at a payment provider (Bezahldienst).

    The state only ever changes by asking the provider (``services.refresh_payment``); what
    a browser brings back from the provider is never trusted. Paid, failed and cancelled
    are final.
    """

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("payment state", "Waiting for payment")
        PAID = "paid", pgettext_lazy("payment state", "Paid")
        FAILED = "failed", pgettext_lazy("payment state", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("payment state", "Cancelled")

    OPEN_STATES = (State.PENDING, State.PAID)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        "services.Application",
        verbose_name=_("application"),
        # A payment is a financial record: it keeps its application (the town's deletion
        # removes both together).
        on_delete=models.CASCADE,
        related_name="payments",
    )
    provider = models.CharField(_("payment provider"), max_length=20)
    provider_transaction_id = models.CharField(
        _("transaction number at the provider"), max_length=44, blank=True
    )
    provider_reference = models.CharField(
        _("reference at the provider"),
        max_length=36,
        blank=True,
        help_text=_("The provider's business reference, e.g. the cash reference (Kassenzeichen)."),
    )
    payment_method = models.CharField(_("payment method"), max_length=20, blank=True)
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    purpose = models.CharField(_("purpose (Verwendungszweck)"), max_length=27)
    description = models.CharField(_("description"), max_length=250, blank=True)
    # [{"description", "amount_cents" (per unit), "quantity", "reference"?, "booking_data"?}]
    items = models.JSONField(_("items"), default=list)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING, db_index=True
    )
    pay_url = models.CharField(_("address of the pay page"), max_length=2100, blank=True)
    return_url = models.CharField(
        _("return address"),
        max_length=500,
        help_text=_("The path on this site the person is sent to once the payment is settled."),
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)

    objects = scoped_manager(PaymentQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["town", "state", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["pending", "paid"]),
                name="payments_one_open_per_application",
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="payments_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        euros, cents = divmod(self.amount_cents, 100)
        return f"{self.purpose} ({euros}.{cents:02d} {self.currency})"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def is_paid(self) -> bool:
        return self.state == self.State.PAID

    def get_absolute_url(self) -> str:
        """The page the provider sends the person back to (it asks the provider first)."""
        return reverse("payments:return", args=[self.pk])

    @property
    def continue_url(self) -> str:
        """Where to send the person next: the pay page while it can be used, else our
        return page (which shows the state or waits for the provider)."""
        if self.is_pending and self.pay_url:
            return self.pay_url
        return self.get_absolute_url()


class TestProviderTransaction(TownOwned):
    """A payment transaction (PaymentTransaction) at the built-in test provider.

    The test provider is a stand-in for a real XBezahldienste platform: it keeps the
    payment request as it arrived and the status a person chose on its pay page.
    """

    # Not a test case, despite the name (pytest collects classes called Test*).
    __test__ = False

    class Status(models.TextChoices):
        # The status values of XBezahldienste, spelled as the standard spells them.
        INITIAL = "INITIAL", pgettext_lazy("test payment status", "Not yet paid")
        PAYED = "PAYED", pgettext_lazy("test payment status", "Paid")
        FAILED = "FAILED", pgettext_lazy("test payment status", "Failed")
        CANCELED = "CANCELED", pgettext_lazy("test payment status", "Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    originator_id = models.CharField(max_length=36)
    endpoint_id = models.CharField(max_length=36)
    request_id = models.CharField(max_length=36)
    payment_request = models.JSONField()
    status = models.CharField(max_length=10, choices=Status, default=Status.INITIAL)
    reference = models.CharField(max_length=36)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("test provider transaction")
        verbose_name_plural = _("test provider transactions")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "originator_id", "endpoint_id", "request_id"],
                name="payments_test_request_once",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.INITIAL
