"""The page the payment provider sends the person back to.

It never reads the state from the address the browser brings back: it asks the provider
(``refresh_payment``) and then sends the person on to the application, or, while the
provider has not confirmed anything yet, shows a page to wait and check again.
"""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .access import may_see
from .exceptions import ProviderUnavailable
from .models import Payment

logger = logging.getLogger(__name__)


def visible_payment(request, pk) -> Payment:
    payment = Payment.objects.select_related("application").filter(pk=pk).first()
    if payment is None or not may_see(request, payment):
        raise Http404
    return payment


def _actor(request):
    return request.user if request.user.is_authenticated else None


# What the person is told once the provider has settled the payment.
OUTCOMES = {
    Payment.State.PAID: (messages.SUCCESS, _("Thank you. Your payment has been received.")),
    Payment.State.CANCELLED: (
        messages.INFO,
        _("The payment was cancelled. Nothing has been charged; you can start it again."),
    ),
    Payment.State.FAILED: (
        messages.ERROR,
        _("The payment did not go through. Nothing has been charged; you can start it again."),
    ),
}


@never_cache
@require_http_methods(["GET", "POST"])
def payment_return(request, pk):
    """Back from the provider (GET), or "Check again" (POST)."""
    payment = visible_payment(request, pk)
    error = None
    try:
        payment = services.refresh_payment(payment=payment, actor=_actor(request))
    except ProviderUnavailable as problem:
        error = problem.message
    if not payment.is_pending:
        level, text = OUTCOMES[payment.state]
        messages.add_message(request, level, text)
        return HttpResponseRedirect(payment.return_url)
    return render(request, "payments/waiting.html", {"payment": payment, "error": error})
