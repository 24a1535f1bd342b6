"""One FIM data field (Datenfeld) as one field of our format: Feldart × Datentyp to our
type, labels and hints, limits from ``praezisierung``, options from values or code lists.
The mapping table is in the package docstring."""

import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from rathaus.core.uploads.kinds import KINDS

from ...exceptions import FimImportError
from .xml import find, find_all, text_of

FIELD_KINDS = {
    "2.0": {"input", "select", "label"},
    "3.0.0": {"input", "select", "label", "hidden", "locked"},
}
XDF2_DATA_TYPES = {"text", "date", "bool", "num", "num_int", "num_currency", "file", "obj"}
DATA_TYPES = {"2.0": XDF2_DATA_TYPES, "3.0.0": XDF2_DATA_TYPES | {"text_latin", "time", "datetime"}}
# Feldarten without input of their own.
DISPLAY_ONLY = ("label", "hidden", "locked")
DECIMALS = {"num": 2, "num_int": 0, "num_currency": 2}
TEXTAREA_FROM = 256
TIME_PATTERN = r"([01][0-9]|2[0-3]):[0-5][0-9]"
DATETIME_PATTERN = (
    r"(0[1-9]|[12][0-9]|3[01])\.(0[1-9]|1[0-2])\.[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]"
)
# A yes/no data field worded as a declaration the person makes is a consent box.
DECLARATION = re.compile(
    r"versicher|bestätig|einverstanden|einwillig|willige .*ein|zustimm|stimme .*zu"
    r"|zur kenntnis|akzeptier|erkläre",
    re.IGNORECASE,
)
DEFAULT_KINDS = ["pdf", "jpeg", "png"]
MEDIA_TYPES = {kind.content_type: name for name, kind in KINDS.items()} | {
    "image/jpg": "jpeg",
    "image/pjpeg": "jpeg",
    "application/x-pdf": "pdf",
}
LIMIT_KEYS = ("minLength", "maxLength", "minValue", "maxValue", "pattern")

CodeListLookup = Callable[[str, str], object]


@dataclass
class Occurrence:
    """One occurrence of a data field or group in the schema's structure (``anzahl`` is
    per occurrence; ``node`` is where the element is defined)."""

    kind: str  # "group" or "field"
    node: etree._Element
    fim_id: str
    version: str
    low: int
    high: int
    children: list["Occurrence"] = field(default_factory=list)

    @property
    def feldart(self) -> str:
        return text_of(self.node, "feldart")

    @property
    def title(self) -> str:
        return text_of(self.node, "bezeichnungEingabe") or text_of(self.node, "name")

    @property
    def hint(self) -> str:
        return text_of(self.node, "hilfetextEingabe", multiline=True)


def _number(value: str):
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _whole_number(value) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def _iso_date(value: str) -> str | None:
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def _entries(found) -> list[dict] | None:
    """Entries from what a lookup gave: a list, a CodeList row or a dict with entries."""
    if isinstance(found, Mapping):
        found = found.get("entries")
    elif found is not None and hasattr(found, "entries"):
        found = found.entries
    if not isinstance(found, list):
        return None
    result = []
    for entry in found:
        value = str(entry.get("value", "")).strip()
        result.append({"value": value, "label": str(entry.get("label") or value).strip()})
    return result


def code_list_lookup(code_lists) -> CodeListLookup:
    """A function ``(uri, version)`` from what the caller passed (see ``parse_fim_schema``)."""
    if code_lists is None:
        return lambda uri, version: None
    if callable(code_lists) and not isinstance(code_lists, Mapping):
        return code_lists

    def lookup(uri: str, version: str):
        for key in ((uri, version), uri):
            if key in code_lists:
                return code_lists[key]
        return None

    return lookup


def yes_no() -> list[dict]:
    # The options are part of the form's text, which FIM writes in German.
    with translation.override("de"):
        return [{"value": "true", "label": _("Yes")}, {"value": "false", "label": _("No")}]


class FieldReader:
    """Maps data fields; collects what it had to leave out in ``warnings``."""

    def __init__(self, xdatenfelder: str, code_lists, warnings: list[str]):
        self.xdf = xdatenfelder
        self.lookup = code_list_lookup(code_lists)
        self.warnings = warnings

    def field(self, element: Occurrence, field_id: str, *, required: bool) -> dict | None:
        """Our field for the data field, or None for one that takes no input (hidden)."""
        node = element.node
        name = text_of(node, "name")
        if not name:
            raise FimImportError(_("The data field %(id)s has no name.") % {"id": element.fim_id})
        feldart = text_of(node, "feldart")
        datentyp = text_of(node, "datentyp") or ("text" if feldart in DISPLAY_ONLY else "")
        if feldart not in FIELD_KINDS[self.xdf]:
            raise FimImportError(
                _("The data field %(id)s has the unknown field kind (Feldart) “%(value)s”.")
                % {"id": element.fim_id, "value": feldart}
            )
        if datentyp not in DATA_TYPES[self.xdf]:
            raise FimImportError(
                _("The data field %(id)s has the unknown data type (Datentyp) “%(value)s”.")
                % {"id": element.fim_id, "value": datentyp}
            )
        provenance = {
            "id": element.fim_id,
            "version": element.version,
            "feldart": feldart,
            "datentyp": datentyp,
        }
        description = text_of(node, "beschreibung", multiline=True)
        if description:
            provenance["description"] = description
        label = text_of(node, "bezeichnungEingabe") or name
        item = {
            "id": field_id,
            "type": "text",
            "label": label,
            "hint": element.hint,
            "required": required,
            "show_if": None,
            "fim": provenance,
        }
        content = text_of(node, "inhalt", multiline=True)
        if feldart == "hidden":
            self.warnings.append(
                _("The hidden data field %(id)s takes no input and was left out.")
                % {"id": element.fim_id}
            )
            return None
        if feldart in ("label", "locked"):
            shown = content or label
            if feldart == "locked" and content:
                shown = f"{label}: {content}"
            item.update(type="static", label=shown, required=False)
            return item
        if feldart == "select":
            item["options"] = self.options(element, datentyp)
            item["type"] = "multichoice" if element.high > 1 else "choice"
            return item
        self.input_field(item, element, datentyp)
        return item

    def input_field(self, item: dict, element: Occurrence, datentyp: str) -> None:
        limits = self.limits(element)
        if datentyp in ("text", "text_latin"):
            for key, target in (("minLength", "min_length"), ("maxLength", "max_length")):
                if key in limits:
                    self.limit(item, target, _whole_number(limits[key]), element, key, limits)
            if item.get("max_length", 0) >= TEXTAREA_FROM:
                item["type"] = "textarea"
            if limits.get("pattern"):
                self.pattern(item, element, limits["pattern"])
        elif datentyp in DECIMALS:
            item.update(type="number", decimals=DECIMALS[datentyp])
            for key, target in (("minValue", "min"), ("maxValue", "max")):
                if key in limits:
                    self.limit(item, target, _number(limits[key]), element, key, limits)
        elif datentyp == "date":
            item["type"] = "date"
            for key, target in (("minValue", "min"), ("maxValue", "max")):
                if key in limits:
                    self.limit(item, target, _iso_date(limits[key]), element, key, limits)
        elif datentyp in ("time", "datetime"):
            with translation.override("de"):
                if datentyp == "time":
                    item.update(pattern=TIME_PATTERN, max_length=5)
                    note = _("Format: HH:MM")
                else:
                    item.update(pattern=DATETIME_PATTERN, max_length=16)
                    note = _("Format: DD.MM.YYYY HH:MM")
            item["hint"] = " ".join(part for part in (item["hint"], note) if part)
        elif datentyp == "bool":
            if DECLARATION.search(f"{item['label']} {text_of(element.node, 'name')}"):
                item["type"] = "consent"
            else:
                item.update(type="choice", options=yes_no())
        else:  # file, obj
            item.update(type="file", kinds=self.kinds(element))
            size = _whole_number(text_of(element.node, "maxSize"))
            if size:
                item["fim"]["max_size"] = size

    def limit(self, item: dict, target: str, value, element, key: str, limits: dict) -> None:
        if value is None:
            self.warnings.append(
                _("The limit %(key)s “%(value)s” of %(id)s could not be read and was left out.")
                % {"key": key, "value": limits[key], "id": element.fim_id}
            )
        else:
            item[target] = value

    def limits(self, element: Occurrence) -> dict[str, str]:
        """The ``praezisierung``: attributes in XDF3, a JSON object as text in XDF2."""
        precision = find(element.node, "praezisierung")
        if precision is None:
            return {}
        found = {
            key: value.strip()
            for key, value in precision.attrib.items()
            if key in LIMIT_KEYS and value.strip()
        }
        content = "".join(precision.itertext()).strip()
        if content:
            try:
                parsed = json.loads(content)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                for key, value in parsed.items():
                    if key in LIMIT_KEYS and value not in (None, "") and key not in found:
                        found[key] = str(value)
            elif not found:
                self.warnings.append(
                    _("The precision (praezisierung) of %(id)s could not be read: %(text)s")
                    % {"id": element.fim_id, "text": content[:200]}
                )
        return found

    def pattern(self, item: dict, element: Occurrence, pattern: str) -> None:
        try:
            re.compile(pattern)
        except re.error:
            item["fim"]["pattern"] = pattern
            self.warnings.append(
                _(
                    "The pattern of %(id)s uses XML Schema syntax that cannot be checked here;"
                    " it was left out: %(pattern)s"
                )
                % {"id": element.fim_id, "pattern": pattern}
            )
        else:
            item["pattern"] = pattern

    def kinds(self, element: Occurrence) -> list[str]:
        kinds: list[str] = []
        for media in find_all(element.node, "mediaType"):
            media_type = text_of(media).lower()
            if not media_type:
                continue
            if media_type == "image/*":
                found = ["jpeg", "png"]
            else:
                found = [MEDIA_TYPES[media_type]] if media_type in MEDIA_TYPES else []
            if not found:
                self.warnings.append(
                    _("The file type %(type)s of %(id)s is not accepted for uploads.")
                    % {"type": media_type, "id": element.fim_id}
                )
            kinds.extend(kind for kind in found if kind not in kinds)
        return kinds or list(DEFAULT_KINDS)

    def options(self, element: Occurrence, datentyp: str) -> list[dict]:
        node = element.node
        values = find(node, "werte")
        if values is not None:
            return [
                {
                    "value": text_of(value, "code"),
                    "label": text_of(value, "name") or text_of(value, "code"),
                }
                for value in find_all(values, "wert")
            ]
        reference = find(node, "codelisteReferenz")
        if reference is not None:
            return self.code_list_options(reference, element)
        if datentyp == "bool":
            return yes_no()
        raise FimImportError(
            _("The selection field %(id)s has neither values nor a code list.")
            % {"id": element.fim_id}
        )

    def code_list_options(self, reference, element: Occurrence) -> list[dict]:
        # XDF2 wraps the identification in genericodeIdentification; XDF3 does not.
        source = find(reference, "genericodeIdentification")
        source = source if source is not None else reference
        uri = text_of(source, "canonicalIdentification")
        version = text_of(source, "version")
        if not uri:
            raise FimImportError(
                _("The code list reference of %(id)s names no code list.") % {"id": element.fim_id}
            )
        entries = _entries(self.lookup(uri, version))
        if not entries and version:
            raise FimImportError(
                _(
                    "The code list %(uri)s (version %(version)s) used by %(id)s is missing;"
                    " import it first."
                )
                % {"uri": uri, "version": version, "id": element.fim_id}
            )
        if not entries:
            raise FimImportError(
                _("The code list %(uri)s used by %(id)s is missing; import it first.")
                % {"uri": uri, "id": element.fim_id}
            )
        if text_of(element.node, "codeKey") or text_of(element.node, "nameKey"):
            self.warnings.append(
                _(
                    "%(id)s names the code list's columns (codeKey/nameKey); the cached list's"
                    " key and name columns are used."
                )
                % {"id": element.fim_id}
            )
        return entries
