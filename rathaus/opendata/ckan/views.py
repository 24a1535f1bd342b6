"""The Action API's one view, as CKAN's ``/api/3/action/<name>``: read the data dictionary,
find the caller from the API token, run the action, and answer in CKAN's envelope
(``help``, ``success``, ``result`` or ``error``) with CKAN's status codes. Also the OpenAPI
description of the actions.

No cookie counts here, only the API token (``Authorization: <token>``, ``Authorization:
Bearer <token>`` or ``X-CKAN-API-Key``), so there is nothing for CSRF to protect; reading
actions allow every origin (CORS), so browser applications can use them.
"""

import logging
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from rathaus.core.accounts.api_tokens import authenticate_token

from ..exceptions import NotAllowed, OpenDataError
from . import openapi as openapi_description
from .errors import ActionError, BadRequest, NotAuthorized, ValidationError
from .params import convert, request_data
from .registry import Context, find_action

log = logging.getLogger(__name__)
JSON_OPTIONS = {"ensure_ascii": False}


@csrf_exempt
def action(request, action_name: str):
    if request.method == "OPTIONS":
        return _preflight()
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    found = find_action(action_name)
    if found is None:
        error = BadRequest(_("Action name not known: %(name)s") % {"name": action_name[:100]})
        return _allow_any_origin(_bad_request(error))
    response = _run(request, found)
    return _allow_any_origin(response) if found.side_effect_free else response


def _run(request, found) -> HttpResponse:
    try:
        data = request_data(request, side_effect_free=found.side_effect_free)
    except BadRequest as error:
        return _bad_request(error)
    user = authenticate_token(_token(request))
    if user is not None:
        request.user = user  # the answer is then personal: never stored by caches
    envelope = {"help": help_url(request, found.name)}
    status = 200
    try:
        context = Context(request=request, user=user)
        if not found.side_effect_free and not context.is_steward:
            raise NotAuthorized(str(NotAllowed.message))  # before anything else is told
        envelope["result"] = found.function(context, convert(found.params, data))
        envelope["success"] = True
    except OpenDataError as refusal:
        error = ValidationError({"message": str(refusal.message)})
        envelope.update(success=False, error=error.error_object())
        status = error.status
    except ActionError as error:
        envelope.update(success=False, error=error.error_object())
        status = error.status
    except Exception:
        log.exception("CKAN action %s failed", found.name)
        envelope.update(
            success=False,
            error={"__type": "Internal Server Error", "message": _("Internal Server Error")},
        )
        status = 500
    return JsonResponse(envelope, status=status, json_dumps_params=JSON_OPTIONS)


def help_url(request, action_name: str) -> str:
    """The ``help`` of every answer: ``help_show`` for the action, under /api/3/."""
    path = reverse("ckan:action", args=["help_show"])
    return request.build_absolute_uri(f"{path}?{urlencode({'name': action_name})}")


def _token(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "").strip()
    if header[:7].lower() == "bearer ":
        header = header[7:].strip()
    return header or request.META.get("HTTP_X_CKAN_API_KEY", "").strip()


def _bad_request(error: BadRequest) -> HttpResponse:
    return JsonResponse(error.body(), status=400, safe=False, json_dumps_params=JSON_OPTIONS)


def _allow_any_origin(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _preflight() -> HttpResponse:
    """CORS preflight: any origin may read with GET and POST of JSON; the API token header
    is not offered to other origins."""
    response = _allow_any_origin(HttpResponse(status=204))
    response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = "86400"
    return response


def openapi(request):
    """The OpenAPI 3 description of the Action API, generated from the action table."""
    response = JsonResponse(openapi_description.describe(request), json_dumps_params=JSON_OPTIONS)
    return _allow_any_origin(response)
