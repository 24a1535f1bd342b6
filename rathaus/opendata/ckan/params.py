"""Reading an action's input the way CKAN does: the data dictionary from the query string,
a JSON body or form fields (with files), and the parameters each action declares, converted
to Python values with CKAN's defaults and validation messages."""

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .errors import BadRequest, ValidationError, missing_value

TRUE_WORDS = {"true", "yes", "t", "y", "1", "on"}


@dataclass(frozen=True)
class Param:
    """One parameter of an action, for validation and for the OpenAPI description.

    ``kind`` is one of ``string``, ``integer``, ``boolean``, ``json_list`` (a list, or a
    JSON text of one, e.g. ``facet.field``), ``name_list`` (a list, or names separated by
    commas), ``json_object`` (an object, or a JSON text of one), ``list`` and ``object``
    (only in a JSON body), ``file`` (a multipart upload) and ``any``.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None  # larger values are lowered to it, as CKAN does

    @property
    def in_query(self) -> bool:
        return self.kind not in {"list", "object", "file"}


def request_data(request, *, side_effect_free: bool) -> dict:
    """The data dictionary of an API request, as CKAN builds it.

    Form fields (with files) for form posts; the query string for reading actions; the
    JSON body otherwise. A GET of a writing action, undecodable JSON and JSON that is not
    an object are bad requests.
    """
    if request.method == "GET" and not side_effect_free:
        raise BadRequest(
            _("JSON Error: %(error)s")
            % {"error": _("Invalid request. Please use POST method for your request")}
        )
    content_type = request.content_type or ""
    data: Any = {}
    if request.method == "POST" and request.POST:
        data = _form_data(request.POST)
    elif request.GET and side_effect_free:
        data = _mixed(request.GET)
    elif request.method == "POST" and not content_type.startswith("multipart/") and request.body:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as error:
            raise BadRequest(
                _("JSON Error: %(error)s")
                % {"error": _("Error decoding JSON data. Error: %(error)s") % {"error": error}}
            ) from error
    if not isinstance(data, dict):
        raise BadRequest(
            _("JSON Error: %(error)s")
            % {
                "error": _("Request data JSON decoded to %(data)s but it needs to be a dictionary.")
                % {"data": json.dumps(data)[:200]}
            }
        )
    for field_name, uploaded in request.FILES.items():
        data[field_name] = uploaded
    return data


def _mixed(multi) -> dict:
    """Single values as strings, repeated keys as lists (CKAN's ``mixed``)."""
    return {key: values[0] if len(values) == 1 else values for key, values in multi.lists()}


def _form_data(form) -> dict:
    """Form fields; one field whose value is ``1`` or empty carries JSON in its name (the
    way old CKAN clients post)."""
    values = list(form.values())
    if len(form) == 1 and values[0] in {"1", ""}:
        key = next(iter(form.keys()))
        try:
            return json.loads(key)
        except ValueError:
            pass
    return _mixed(form)


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS


def convert(params: tuple[Param, ...], data: dict) -> dict:
    """The declared parameters of ``data`` as Python values, defaults filled in; every
    problem at once as CKAN's Validation Error."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for param in params:
        raw = data.get(param.name)
        if raw is None or (raw == "" and param.kind not in {"string", "any"}):
            if param.required:
                errors[param.name] = [missing_value()]
            else:
                values[param.name] = param.default
            continue
        if param.required and raw == "":
            errors[param.name] = [missing_value()]
            continue
        try:
            values[param.name] = _CONVERTERS[param.kind](param, raw)
        except ValueError as error:
            errors[param.name] = [str(error)]
    if errors:
        raise ValidationError(errors)
    return values


def _string(param: Param, raw) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError(_("Must be a string"))
    return str(raw)


def _integer(param: Param, raw) -> int:
    if isinstance(raw, bool):
        raise ValueError(_("Invalid integer"))
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(_("Invalid integer")) from None
    if param.minimum is not None and value < param.minimum:
        if param.minimum == 0:
            raise ValueError(_("Must be a natural number"))
        raise ValueError(_("Must be a positive integer"))
    if param.maximum is not None:
        value = min(value, param.maximum)
    return value


def _boolean(param: Param, raw) -> bool:
    return as_bool(raw)


def _json_list(param: Param, raw) -> list[str]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValueError(_("Could not parse as valid JSON")) from None
    if not isinstance(raw, list):
        raise ValueError(_("Not a list"))
    if not all(isinstance(item, str) for item in raw):
        raise ValueError(_("Not a string"))
    return raw


def _name_list(param: Param, raw) -> list[str]:
    if isinstance(raw, str):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError(_("Not a list"))
    return raw


def _json_object(param: Param, raw) -> dict:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValueError(_("Could not parse as valid JSON")) from None
    if not isinstance(raw, dict):
        raise ValueError(_("Not a JSON object"))
    return raw


def _list(param: Param, raw) -> list:
    if not isinstance(raw, list):
        raise ValueError(_("Not a list"))
    return raw


def _object(param: Param, raw) -> dict:
    if not isinstance(raw, dict):
        raise ValueError(_("Not a JSON object"))
    return raw


def _file(param: Param, raw):
    if not hasattr(raw, "read"):
        raise ValueError(_("Send the file as a multipart upload."))
    return raw


def _any(param: Param, raw):
    return raw


_CONVERTERS = {
    "string": _string,
    "integer": _integer,
    "boolean": _boolean,
    "json_list": _json_list,
    "name_list": _name_list,
    "json_object": _json_object,
    "list": _list,
    "object": _object,
    "file": _file,
    "any": _any,
}
