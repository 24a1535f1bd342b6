"""The API's views: parse the path's format, call ``reads`` or ``posting``, render the
answer, and turn every ``Open311Error`` into the specification's error response.
GET answers are public data and carry ``Access-Control-Allow-Origin: *`` so that map
applications in the browser can read them."""

from functools import wraps

from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import posting, reads
from .encoding import render, render_errors
from .errors import BadRequest, Open311Error
from .params import check_format, check_jurisdiction


def open311_view(*methods: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, fmt: str = "xml", **kwargs):
            try:
                check_format(fmt)
                if request.method not in methods:
                    raise BadRequest(
                        _("%(method)s is not supported here; use %(methods)s.")
                        % {"method": request.method[:10], "methods": " / ".join(methods)},
                        code=405,
                    )
                response = view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = render_errors(fmt, error.status, (error.code, error.description))
            if request.method == "GET":
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorator


@open311_view("GET")
def discovery(request, fmt):
    return render(fmt, "discovery", reads.discovery(request))


@open311_view("GET")
def service_list(request, fmt):
    check_jurisdiction(request, request.GET)
    return render(fmt, "services", reads.service_list())


@open311_view("GET")
def service_definition(request, service_code, fmt):
    check_jurisdiction(request, request.GET)
    category = reads.find_service(service_code)
    return render(fmt, "service_definition", reads.service_definition(category))


@csrf_exempt
@open311_view("GET", "POST")
def requests(request, fmt):
    if request.method == "POST":
        return render(fmt, "service_requests", posting.create_request(request, request.POST))
    check_jurisdiction(request, request.GET)
    reports = reads.find_requests(request.GET)
    return render(fmt, "service_requests", reads.request_records(request, reports))


@open311_view("GET")
def one_request(request, service_request_id, fmt):
    check_jurisdiction(request, request.GET)
    return render(fmt, "service_requests", reads.one_request(request, service_request_id))


@open311_view("GET")
def token(request, token, fmt):
    check_jurisdiction(request, request.GET)
    return render(fmt, "service_requests", reads.token_record(token))


def not_found(request, rest=""):
    """Any other address under the API: 404 in the specification's format."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    return render_errors(fmt, 404, (404, _("There is no such resource in this API.")))
