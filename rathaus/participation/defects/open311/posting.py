"""POST Service Request: an approved client sends a report with its ``api_key``.

The arguments are the specification's (``service_code``, a location as ``lat`` and
``long``, ``address_string`` or ``address_id``, ``attribute[code]=value``, ``email``,
``first_name``, ``last_name``, ``phone``, ``description``, ``device_id``, ``account_id``);
``media_url`` is accepted and ignored, since we keep no links to other sites' media, and
v2 has no photo upload. The report is taken by the defect reporter's own
``submit_report``, so the API checks exactly what the web form checks.

A client that sends the same report again (a retry after a lost answer) within
``RETRY_WINDOW`` gets the first report's id back instead of a second report: the
``submission_key`` is a hash of the client, the arguments and the time window.
"""

import hashlib
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.notifications.services import absolute_url
from rathaus.core.ratelimit import RateLimited, hit

from ..exceptions import DefectError
from ..models import DefectReport, Open311Client, Street
from ..services.reporting import submit_report
from .clients import authenticate_client
from .encoding import Many
from .errors import BadRequest, Forbidden, NotFound
from .params import argument, check_jurisdiction
from .reads import find_service

RETRY_WINDOW = 15 * 60  # seconds; a retry is recognised for 15 to 30 minutes
# Posts per client and window; a city app sends for many people, so the default is wide.
DEFAULT_POST_LIMIT = (120, 600)
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,40})\](\[\])?$")
SIGNED_FIELDS = (
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)


def post_limit() -> tuple[int, int]:
    """How many posts one client may make per window (``RATHAUS_OPEN311_POST_LIMIT``)."""
    return tuple(getattr(settings, "RATHAUS_OPEN311_POST_LIMIT", DEFAULT_POST_LIMIT))


def attributes_of(data) -> dict:
    """``attribute[code]=value`` and, for multivaluelist, ``attribute[code][]=value`` as
    ``{code: value}`` or ``{code: [values]}``."""
    answers: dict = {}
    for key in data:
        match = _ATTRIBUTE.match(key)
        if not match:
            continue
        code, many = match.group(1), match.group(2)
        values = [value for value in data.getlist(key) if value.strip()]
        if many or len(values) > 1:
            answers.setdefault(code, [])
            if isinstance(answers[code], str):
                answers[code] = [answers[code]]
            answers[code].extend(values)
        elif values:
            answers[code] = values[0]
    return answers


def _window_key(client: Open311Client, data, window: int) -> str:
    digest = hashlib.sha256()
    digest.update(f"open311|{client.pk}|{window}".encode())
    for name in SIGNED_FIELDS:
        digest.update(f"|{name}={(data.get(name) or '').strip()}".encode())
    for key in sorted(k for k in data if _ATTRIBUTE.match(k)):
        digest.update(f"|{key}={sorted(data.getlist(key))}".encode())
    return digest.hexdigest()


def submission_keys(client: Open311Client, data) -> tuple[str, str]:
    """The key of this window, and of the one before (a retry just after the turn)."""
    window = int(timezone.now().timestamp()) // RETRY_WINDOW
    return _window_key(client, data, window), _window_key(client, data, window - 1)


def _location(data) -> tuple[str | None, str | None, str]:
    latitude, longitude = argument(data, "lat"), argument(data, "long")
    address = argument(data, "address_string") or ""
    address_id = argument(data, "address_id")
    if (latitude is None) != (longitude is None):
        raise BadRequest(_("lat and long both need to be sent."))
    if latitude is None and not address and address_id is not None:
        street = None
        if address_id.isascii() and address_id.isdigit() and len(address_id) <= 18:
            street = Street.objects.filter(pk=int(address_id)).first()
        if street is None:
            raise NotFound(_("address_id %(id)s was not found.") % {"id": address_id[:20]})
        place = " ".join(part for part in (street.postcode, street.district) if part)
        address = f"{street.name}, {place}" if place else street.name
        return str(street.latitude), str(street.longitude), address
    if latitude is None and not address:
        raise BadRequest(
            _(
                "A full location parameter must be submitted: lat and long, address_string "
                "or address_id."
            )
        )
    return latitude, longitude, address


def _service_notice(report: DefectReport) -> str:
    url = absolute_url(reverse("defects:report", args=[report.number]))
    return _(
        "Thank you. Report %(number)s has been passed to the responsible unit; its "
        "progress is shown at %(url)s."
    ) % {"number": report.number, "url": url}


def create_request(request, data) -> Many:
    """Authenticate, check and take one report; the response's ``request`` element."""
    client = authenticate_client(argument(data, "api_key"))
    if client is None:
        raise Forbidden(_("Missing or invalid api_key -- can't proceed with create_request."))
    check_jurisdiction(request, data)
    limit, per = post_limit()
    try:
        hit("open311.post", f"client:{client.pk}", limit=limit, per=per)
    except RateLimited as error:
        raise BadRequest(
            _("Too many requests from this api_key; try again in %(seconds)d seconds.")
            % {"seconds": error.retry_after},
            code=429,
        ) from None
    code = argument(data, "service_code")
    if code is None:
        raise BadRequest(_("service_code was not provided."))
    category = find_service(code)
    latitude, longitude, address = _location(data)
    current_key, previous_key = submission_keys(client, data)
    report = DefectReport.objects.filter(submission_key=previous_key).first()
    if report is None:
        name = " ".join(
            part for part in (argument(data, "first_name"), argument(data, "last_name")) if part
        )
        try:
            report = submit_report(
                category=category,
                description=data.get("description") or "",
                latitude=latitude,
                longitude=longitude,
                address=address,
                attributes=attributes_of(data),
                email=argument(data, "email") or "",
                name=name,
                phone=argument(data, "phone") or "",
                client=client,
                device_id=argument(data, "device_id") or "",
                account_id=argument(data, "account_id") or "",
                submission_key=current_key,
            )
        except DefectError as error:
            code_name = getattr(error, "code", "")
            description = str(error.message)
            if code_name:
                description = f"attribute[{code_name}]: {description}"
            raise BadRequest(description) from None
    return Many(
        "request",
        [
            {
                "service_request_id": report.number,
                "service_notice": _service_notice(report),
                "account_id": report.account_id or None,
            }
        ],
    )
