"""The built-in test provider's pages and REST resources (XBezahldienste).

The pay page shows what is to be paid and offers "Pay now" and "Cancel payment" as plain
forms; either sends the browser back to the ``redirectUrl`` of the payment request. The
REST resources are the standard's: ``POST paymenttransaction/{originatorId}/{endPointId}``
and ``GET paymenttransaction/{originatorId}/{endPointId}/{transactionId}``, behind an
OAuth 2.0 token from ``oauth/token``. Everything here answers 404 unless the test
provider is switched on (``testprovider.is_enabled``).
"""

import json
from decimal import Decimal
from functools import wraps

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import testprovider
from .models import TestProviderTransaction
from .testprovider import RequestRefused

# A PaymentRequest larger than this is refused unread.
MAX_REQUEST_BYTES = 256 * 1024


def enabled_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not testprovider.is_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _transaction_or_404(pk) -> TestProviderTransaction:
    found = TestProviderTransaction.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# The pay page --------------------------------------------------------------------------------


@never_cache
@enabled_only
@require_GET
def pay_page(request, pk):
    found = _transaction_or_404(pk)
    items, total_cents = testprovider.items_for_display(found)
    return render(
        request,
        "payments/testprovider/pay.html",
        {
            "transaction": found,
            "request_data": found.payment_request,
            "items": items,
            "total_cents": total_cents,
        },
    )


def _settle_and_return(request, pk, status: str):
    found = testprovider.settle(found=_transaction_or_404(pk), status=status)
    # Back to the online service, which asks for the status itself (nothing in the address).
    return HttpResponseRedirect(found.payment_request["redirectUrl"])


@enabled_only
@require_POST
def pay(request, pk):
    return _settle_and_return(request, pk, TestProviderTransaction.Status.PAYED)


@enabled_only
@require_POST
def cancel(request, pk):
    return _settle_and_return(request, pk, TestProviderTransaction.Status.CANCELED)


# REST resources ------------------------------------------------------------------------------


def _problem(refusal: RequestRefused) -> JsonResponse:
    return JsonResponse(
        refusal.problem(), status=refusal.status, content_type="application/problem+json"
    )


def _absolute(request):
    return request.build_absolute_uri


def api(view):
    """A REST resource: no CSRF token (a bearer token instead), refusals as problem+json."""

    @csrf_exempt
    @never_cache
    @enabled_only
    @wraps(view)
    def resource(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RequestRefused as refusal:
            return _problem(refusal)

    return resource


@api
@require_POST
def api_token(request):
    grant = request.POST.get("grant_type", "")
    if grant != "client_credentials":
        raise RequestRefused(400, "UNSUPPORTED_GRANT_TYPE", "Only client_credentials.")
    return JsonResponse(
        testprovider.issue_token(
            client_id=request.POST.get("client_id", ""),
            client_secret=request.POST.get("client_secret", ""),
        )
    )


def _json_body(request):
    if len(request.body) > MAX_REQUEST_BYTES:
        raise RequestRefused(400, "VALIDATION_ERROR", "The request is too large.")
    try:
        return json.loads(request.body.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as error:
        raise RequestRefused(400, "VALIDATION_ERROR", "The body is not JSON.") from error


@api
@require_POST
def api_transactions(request, originator_id, endpoint_id):
    """POST /paymenttransaction/{originatorId}/{endPointId}: a new PaymentTransaction."""
    testprovider.check_authorization(request.headers.get("Authorization", ""))
    found = testprovider.create_transaction(
        originator_id=originator_id,
        endpoint=endpoint_id,
        body=_json_body(request),
        town=request.town,
    )
    return JsonResponse(testprovider.transaction_answer(found, absolute=_absolute(request)))


@api
@require_GET
def api_transaction(request, originator_id, endpoint_id, transaction_id):
    """GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId}."""
    testprovider.check_authorization(request.headers.get("Authorization", ""))
    found = testprovider.find_transaction(
        originator_id=originator_id,
        endpoint=endpoint_id,
        transaction_id=transaction_id,
        town=request.town,
    )
    return JsonResponse(testprovider.transaction_answer(found, absolute=_absolute(request)))
