"""Arguments of the API. An optional argument that is sent empty counts as not sent, as the
specification demands ("A null parameter should be treated as equivalent to a
non-declared parameter")."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from .encoding import CONTENT_TYPES
from .errors import BadRequest, NotFound, unknown_format


def argument(data, name: str) -> str | None:
    """The stripped value of ``name``, or None when it is absent or empty."""
    value = data.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def comma_list(data, name: str) -> list[str]:
    """A comma-separated argument as its non-empty items (``service_code=001,002``)."""
    value = argument(data, name)
    if value is None:
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


def check_format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise unknown_format()
    return fmt


def w3c_argument(data, name: str) -> datetime.datetime | None:
    """A date and time in the W3C format (``2010-01-01T00:00:00Z``); a bare date means its
    midnight in the town's time zone, a time without offset the town's local time."""
    value = argument(data, name)
    if value is None:
        return None
    parsed = None
    try:
        parsed = parse_datetime(value.replace(" ", "+"))
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise BadRequest(
            _("%(name)s is not a date in W3C format, e.g. 2010-01-01T00:00:00Z.") % {"name": name}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def check_jurisdiction(request, data) -> None:
    """Each host name serves one town, so ``jurisdiction_id`` is optional; when sent it must
    name this town: one of its host names (with or without ``www.``) or its official
    municipality key (AGS)."""
    jurisdiction = argument(data, "jurisdiction_id")
    if jurisdiction is None:
        return
    town = request.town
    wanted = jurisdiction.lower().rstrip(".")
    if town.ags and wanted == town.ags:
        return
    hosts = set(town.hosts.values_list("hostname", flat=True))
    bare = wanted.removeprefix("www.")
    if wanted in hosts or bare in hosts or f"www.{bare}" in hosts:
        return
    raise NotFound(
        _("jurisdiction_id %(jurisdiction)s was not found: this endpoint serves %(town)s.")
        % {"jurisdiction": jurisdiction[:100], "town": town.official_name or town.name}
    )
