"""The GET methods of GeoReport v2 in the specification's words: service discovery, the
service list, a service definition, service requests and the token look-up.

Requests are public reports only: a report waiting for its e-mail confirmation or hidden
by moderation is never served, and no field carries personal data (no e-mail address,
name, phone, device or account id). A list costs a constant number of queries whatever
its length: one for the reports with their category, unit and photo, and one to resolve
``service_code`` when it is given.
"""

import datetime
import re
import uuid

from django.db import connection
from django.db.models import CharField, FloatField, Func
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry

from ..models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    CategoryAttribute,
    DefectCategory,
    DefectReport,
    Status,
)
from .encoding import MIME_TYPES, Many
from .errors import BadRequest, NotFound
from .params import comma_list, w3c_argument

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# "Default query limit is a span of 90 days or first 1000 requests returned, whichever is
# smallest." A range given with start_date and end_date "may not span more than 90 days".
MAX_DAYS = 90
MAX_REQUESTS = 1000
MAX_CODES = 50  # service codes per request; a town has a few dozen categories at most
LIST_TYPES = (CategoryAttribute.Datatype.SINGLEVALUELIST, CategoryAttribute.Datatype.MULTIVALUELIST)
STATUS_FILTERS = {"open": OPEN_STATUSES, "closed": FINISHED_STATUSES}
# A German postcode in an address such as "Darmstädter Straße 12, 64331 Weiterstadt".
_ZIPCODE = re.compile(r"\b(\d{5})\b")
_PHOTO_PLACEHOLDER = uuid.UUID(int=0)
_NUMBER = re.compile(r"^[0-9]{1,10}$")
MAX_NUMBER = 2**31 - 1  # report numbers are 32-bit integers in the database


def _as_number(value: str) -> int | None:
    if not _NUMBER.match(value):
        return None
    number = int(value)
    return number if number <= MAX_NUMBER else None


# --- services ---------------------------------------------------------------------------


def active_categories():
    return DefectCategory.objects.filter(is_active=True).order_by("position", "name")


def service_list() -> Many:
    categories = active_categories()
    with_attributes = set(
        CategoryAttribute.objects.filter(category__in=categories)
        .values_list("category_id", flat=True)
        .distinct()
    )
    return Many(
        "service",
        [
            {
                "service_code": category.code,
                "service_name": category.name,
                "description": category.description,
                "metadata": category.pk in with_attributes,
                "type": "realtime",
                "keywords": category.keywords,
                "group": category.group,
            }
            for category in categories
        ],
    )


def find_service(code: str) -> DefectCategory:
    category = active_categories().filter(code=code).first()
    if category is None:
        raise NotFound(_("service_code %(code)s was not found.") % {"code": code[:40]})
    return category


def attribute_values(attribute: CategoryAttribute) -> list[dict]:
    """The options of a list question as ``key``/``name`` pairs (empty for other types)."""
    if attribute.datatype not in LIST_TYPES:
        return []
    return [
        {"key": str(value.get("key", "")), "name": str(value.get("name", ""))}
        for value in attribute.values or []
        if isinstance(value, dict)
    ]


def service_definition(category: DefectCategory) -> dict:
    attributes = CategoryAttribute.objects.filter(category=category).order_by("position", "code")
    return {
        "service_code": category.code,
        "attributes": Many(
            "attribute",
            [
                {
                    # Every question of ours asks the reporter for input.
                    "variable": True,
                    "code": attribute.code,
                    "datatype": attribute.datatype,
                    "required": attribute.required,
                    "datatype_description": attribute.description,
                    # "1 is shown first in the list", unique within the service.
                    "order": order,
                    "description": attribute.question,
                    "values": Many("value", attribute_values(attribute)),
                }
                for order, attribute in enumerate(attributes, start=1)
            ],
        ),
    }


# --- discovery --------------------------------------------------------------------------


def changeset(town) -> str:
    """When the service list or a service definition last changed, sortable (UTC): the
    newest audit entry about a category or a question, else the town's creation."""
    newest = (
        AuditEntry.objects.filter(
            object_type__in=[
                DefectCategory._meta.label_lower,
                CategoryAttribute._meta.label_lower,
            ]
        )
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    moment = newest or town.created_at
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def discovery(request) -> dict:
    town = request.town
    name = town.official_name or town.name
    reachable = ", ".join(part for part in (town.email, town.phone) if part)
    staff_url = request.build_absolute_uri(reverse("open311:clients"))
    stamp = changeset(town)
    contact = _("%(town)s, the defect reporter's open interface (Open311 GeoReport v2).") % {
        "town": name
    }
    if reachable:
        contact = f"{contact} {reachable}"
    ask = f"{name} ({reachable})" if reachable else name
    key_service = _(
        "Reading needs no key. To send reports, ask %(town)s for an api_key, giving the "
        "name of your application and a contact e-mail address; staff approve clients at "
        "%(url)s."
    ) % {"town": ask, "url": staff_url}
    return {
        "changeset": stamp,
        "contact": contact,
        "key_service": key_service,
        "endpoints": Many(
            "endpoint",
            [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri("/open311/v2"),
                    "changeset": stamp,
                    "type": "production",
                    "formats": Many("format", list(MIME_TYPES)),
                }
            ],
        ),
    }


# --- service requests -------------------------------------------------------------------


class W3CDateTime(Func):
    """A timestamp written by PostgreSQL in the W3C format with the offset from UTC of
    ``zone`` at that moment, e.g. ``2026-04-14T06:37:38+02:00``. For a thousand rows this
    is several times cheaper than loading datetimes into Python and formatting them."""

    output_field = CharField()

    def __init__(self, expression, zone: str):
        super().__init__(expression)
        self.zone = zone

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        local = f"({column} AT TIME ZONE %s)"
        offset = f"EXTRACT(EPOCH FROM {local} - ({column} AT TIME ZONE 'UTC'))"
        sql = (
            f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
            f"CASE WHEN {offset} < 0 THEN '-' ELSE '+' END || "
            f"to_char(make_interval(secs => abs({offset})), 'HH24:MI')"
        )
        local_params = (*params, self.zone)
        offset_params = (*local_params, *params)
        return sql, (*local_params, *offset_params, *offset_params)


TIMESTAMPS = ("created_at", "updated_at", "expected_at")
COORDINATES = ("latitude", "longitude")
REQUEST_FIELDS = (
    "number",
    "status",
    "public_note",
    "category__name",
    "category__code",
    "description",
    "unit__name",
    *TIMESTAMPS,
    "address",
    *COORDINATES,
    "photo_id",
    "photo__is_public",
)


def _w3c(value: datetime.datetime | None, zone) -> str | None:
    if value is None:
        return None
    return value.astimezone(zone).isoformat(timespec="seconds")


def _pg_values(reports):
    zone = timezone.get_current_timezone_name()
    aliases = {
        **{f"w3c_{name}": W3CDateTime(name, zone) for name in TIMESTAMPS},
        **{f"float_{name}": Cast(name, FloatField()) for name in COORDINATES},
    }
    fields = [
        f"w3c_{name}" if name in TIMESTAMPS else f"float_{name}" if name in COORDINATES else name
        for name in REQUEST_FIELDS
    ]
    return reports.annotate(**aliases).values_list(*fields)


def _rows(reports):
    """The served columns, timestamps as W3C text and coordinates as floats. PostgreSQL
    does the formatting (the hot path of a large list); other databases get it here."""
    if connection.vendor == "postgresql":
        return _pg_values(reports)
    zone = timezone.get_current_timezone()
    return (
        (
            *row[:7],
            _w3c(row[7], zone),
            _w3c(row[8], zone),
            _w3c(row[9], zone),
            row[10],
            float(row[11]),
            float(row[12]),
            *row[13:],
        )
        for row in reports.values_list(*REQUEST_FIELDS)
    )


def public_reports():
    """Reports anyone may see through the API: confirmed and not hidden."""
    return DefectReport.objects.exclude(status=Status.UNCONFIRMED).filter(is_hidden=False)


def _photo_url(request) -> str:
    return request.build_absolute_uri(reverse("uploads:public", args=[_PHOTO_PLACEHOLDER]))


def _numbers(values: list[str]) -> list[int]:
    numbers = []
    for value in values:
        number = _as_number(value)
        if number is None:
            raise BadRequest(_("service_request_id %(id)s is not a number.") % {"id": value[:20]})
        numbers.append(number)
    return numbers


def _date_range(data) -> tuple[datetime.datetime, datetime.datetime]:
    start = w3c_argument(data, "start_date")
    end = w3c_argument(data, "end_date")
    span = datetime.timedelta(days=MAX_DAYS)
    if start is None and end is None:
        end = timezone.now()
        start = end - span
    elif start is None:
        start = end - span
    elif end is None:
        end = start + span
    if start > end:
        raise BadRequest(_("start_date must not be after end_date."))
    if end - start > span:
        raise BadRequest(
            _("start_date and end_date may not span more than %(days)d days.") % {"days": MAX_DAYS}
        )
    return start, end


def _status_filter(data) -> set[str] | None:
    values = comma_list(data, "status")
    if not values:
        return None
    statuses: set[str] = set()
    for value in values:
        if value.lower() not in STATUS_FILTERS:
            raise BadRequest(
                _("status %(status)s is not known: use open or closed.") % {"status": value[:20]}
            )
        statuses.update(STATUS_FILTERS[value.lower()])
    return statuses


def find_requests(data):
    """The reports GET Service Requests asks for, newest first, at most 1,000.

    ``service_request_id`` overrides every other argument. Otherwise ``service_code`` and
    ``status`` (comma-separated) filter, within ``start_date``…``end_date`` on the
    requested date, by default the most recent 90 days.
    """
    reports = public_reports()
    ids = comma_list(data, "service_request_id")
    if ids:
        return reports.filter(number__in=_numbers(ids)[:MAX_REQUESTS]).order_by("-created_at")
    start, end = _date_range(data)
    reports = reports.filter(created_at__gte=start, created_at__lte=end)
    statuses = _status_filter(data)
    if statuses is not None:
        reports = reports.filter(status__in=sorted(statuses))
    codes = comma_list(data, "service_code")
    if codes:
        category_ids = list(
            DefectCategory.objects.filter(code__in=codes[:MAX_CODES]).values_list("pk", flat=True)
        )
        reports = reports.filter(category_id__in=category_ids)
    return reports.order_by("-created_at")[:MAX_REQUESTS]


def request_records(request, reports) -> Many:
    """The reports as ``<request>`` elements in the specification's order of fields,
    built straight as JSON-ready values (empty text as None, numbers as floats)."""
    photo_url = _photo_url(request)
    placeholder = str(_PHOTO_PLACEHOLDER)
    zipcode_of = _ZIPCODE.search
    records = [
        {
            "service_request_id": number,
            "status": "open" if status in OPEN_STATUSES else "closed",
            "status_notes": note or None,
            "service_name": service_name or None,
            "service_code": service_code or None,
            "description": description or None,
            "agency_responsible": unit_name or None,
            "service_notice": None,
            "requested_datetime": created_at,
            "updated_datetime": updated_at,
            "expected_datetime": expected_at,
            "address": address or None,
            "address_id": None,
            "zipcode": zipcode.group(1) if (zipcode := zipcode_of(address)) else None,
            "lat": latitude,
            "long": longitude,
            "media_url": photo_url.replace(placeholder, str(photo_id))
            if photo_id and photo_public
            else None,
        }
        for (
            number,
            status,
            note,
            service_name,
            service_code,
            description,
            unit_name,
            created_at,
            updated_at,
            expected_at,
            address,
            latitude,
            longitude,
            photo_id,
            photo_public,
        ) in _rows(reports)
    ]
    return Many("request", records, flat=True)


def one_request(request, number: str) -> Many:
    """GET Service Request: a list with the one request, or 404."""
    records = None
    if _as_number(number) is not None:
        records = request_records(request, public_reports().filter(number=_as_number(number)))
    if not records or not records.items:
        raise NotFound(_("service_request_id %(id)s was not found.") % {"id": number[:20]})
    return records


def token_record(token: str) -> Many:
    """GET service_request_id from a token. Every POST is answered in real time with the
    service_request_id, so clients never need a token; a report's token is its internal
    identifier, and the call answers it for reports that are not hidden."""
    try:
        token_id = uuid.UUID(token)
    except ValueError:
        token_id = None
    number = None
    if token_id is not None:
        number = (
            DefectReport.objects.filter(pk=token_id, is_hidden=False)
            .values_list("number", flat=True)
            .first()
        )
    if number is None:
        raise NotFound(_("token %(token)s was not found.") % {"token": token[:40]})
    return Many("request", [{"service_request_id": number, "token": str(token_id)}])
