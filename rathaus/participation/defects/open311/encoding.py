"""The two response formats of GeoReport v2: XML (required) and JSON derived from it by the
Spark convention, as the specification's examples show them.

A response is a root element name and a value. A ``dict`` is an element with child
elements in the dict's order (a JSON object); ``Many`` is an element that repeats one child
element (``<services><service>…</service>…</services>``; a JSON array). Empty values become
empty elements in XML and ``null`` in JSON, like the specification's examples.
"""

import json
import re
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

XML_CONTENT_TYPE = "text/xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
CONTENT_TYPES = {"xml": XML_CONTENT_TYPE, "json": JSON_CONTENT_TYPE}
# The MIME types named in service discovery's ``formats``.
MIME_TYPES = ("text/xml", "application/json")
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# Characters XML 1.0 cannot carry at all (control characters other than tab, line feed
# and carriage return, surrogates, U+FFFE/U+FFFF); text from reporters may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Many:
    """An element that repeats ``child`` once per item. ``flat`` items are dicts of
    JSON-ready scalars (None for empty), written by a shorter path: a list of a thousand
    service requests is the API's hottest answer."""

    __slots__ = ("child", "flat", "items")

    def __init__(self, child: str, items, *, flat: bool = False):
        self.child = child
        self.items = items
        self.flat = flat


def _escape(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _scalar_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _escape(str(value))


def _write_flat_xml(tag: str, value: Many, out: list[str]) -> None:
    child = value.child
    out.append(f"<{tag}>")
    for item in value.items:
        out.append(f"<{child}>")
        for name, scalar in item.items():
            if scalar is None or scalar == "":
                out.append(f"<{name}></{name}>")
            elif isinstance(scalar, str):
                out.append(f"<{name}>{_escape(scalar)}</{name}>")
            else:
                out.append(f"<{name}>{_scalar_text(scalar)}</{name}>")
        out.append(f"</{child}>")
    out.append(f"</{tag}>")


def _write_xml(tag: str, value: Any, out: list[str]) -> None:
    if isinstance(value, Many) and value.flat:
        _write_flat_xml(tag, value, out)
    elif isinstance(value, Many):
        out.append(f"<{tag}>")
        for item in value.items:
            _write_xml(value.child, item, out)
        out.append(f"</{tag}>")
    elif isinstance(value, dict):
        out.append(f"<{tag}>")
        for child, child_value in value.items():
            _write_xml(child, child_value, out)
        out.append(f"</{tag}>")
    elif value is None or value == "":
        out.append(f"<{tag}></{tag}>")
    else:
        out.append(f"<{tag}>{_scalar_text(value)}</{tag}>")


def to_xml(root: str, value: Any) -> str:
    out = [XML_DECLARATION]
    _write_xml(root, value, out)
    return "".join(out)


def _json_value(value: Any) -> Any:
    if isinstance(value, Many) and value.flat:
        return value.items
    if isinstance(value, Many):
        return [_json_value(item) for item in value.items]
    if isinstance(value, dict):
        return {key: _json_value(child) for key, child in value.items()}
    if value == "":
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_json(value: Any) -> str:
    return json.dumps(_json_value(value), ensure_ascii=False, separators=(",", ":"))


def render(fmt: str, root: str, value: Any, *, status: int = 200) -> HttpResponse:
    """The response in ``fmt`` (``xml`` or ``json``)."""
    body = to_json(value) if fmt == "json" else to_xml(root, value)
    return HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(fmt: str, status: int, *errors: tuple[int, str]) -> HttpResponse:
    """The specification's error response: ``<errors><error><code>…</code>
    <description>…</description></error></errors>`` or ``[{"code":…,"description":…}]``,
    with the HTTP status. An unknown format is answered in XML, the required format."""
    fmt = fmt if fmt in CONTENT_TYPES else "xml"
    items = [{"code": code, "description": str(description)} for code, description in errors]
    return render(fmt, "errors", Many("error", items), status=status)
