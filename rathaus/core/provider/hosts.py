"""Host names a town is served under: their form, and whether this installation accepts them."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.request import validate_host
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import normalize_host

MAX_LENGTH = 253
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def clean_hostname(value: str) -> str:
    """The host name in the form it is stored and matched in (lower case, international
    names in their ASCII form, no port, no trailing dot); ``ValidationError`` if it is not
    a host name."""
    raw = (value or "").strip()
    invalid = ValidationError(
        _("Enter a host name such as service.town.example, without https:// and without a path."),
        code="invalid",
    )
    if not raw or any(character in raw for character in "/:@?#[] \t"):
        raise invalid
    try:
        hostname = normalize_host(raw).encode("idna").decode("ascii")
    except UnicodeError as error:
        raise invalid from error
    labels = hostname.split(".")
    if len(hostname) > MAX_LENGTH or not all(_LABEL.match(label) for label in labels):
        raise invalid
    if labels[-1].isdigit():
        raise invalid  # an IP address, not a host name
    return hostname


def is_allowed(hostname: str) -> bool:
    """Whether Django answers requests for ``hostname`` (RATHAUS_ALLOWED_HOSTS)."""
    return validate_host(hostname, settings.ALLOWED_HOSTS)
