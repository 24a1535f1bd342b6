"""Frictionless Table Schema for datastore tables: checking a steward's schema, inferring one
from the first rows of a file, the column each field becomes, and the cell readers that cast
and check a file's cells (types and constraints as the Table Schema specification defines
them, through frictionless' own field readers).
"""

import datetime
import re
from dataclasses import dataclass

import frictionless
from django.utils.translation import gettext as _

from ..exceptions import DatastoreError

# PostgreSQL keeps 63 bytes of an identifier (NAMEDATALEN - 1) and cuts the rest silently.
MAX_NAME_BYTES = 63
# Columns every table has besides its fields: CKAN's row id and the full-text vector.
ID_COLUMN = "_id"
FULL_TEXT_COLUMN = "_full_text"
RESERVED_NAMES = frozenset({ID_COLUMN, FULL_TEXT_COLUMN})
INFERENCE_SAMPLE_ROWS = 1000
# The types inference may choose, in frictionless' order of preference. Rarer ones (geopoint
# would take "1,5", yearmonth "2024-01") are the steward's to set.
INFERRED_TYPES = ("datetime", "time", "date", "integer", "number", "boolean", "string")

# Table Schema type -> (type CKAN reports, PostgreSQL column type, SQLite column type).
# Types without a column type of their own (yearmonth, duration, geopoint, object, ...) keep
# the file's text.
COLUMN_TYPES = {
    "integer": ("int", "bigint", "INTEGER"),
    "year": ("int", "integer", "INTEGER"),
    "number": ("numeric", "numeric", "REAL"),
    "boolean": ("bool", "boolean", "INTEGER"),
    "date": ("date", "date", "TEXT"),
    "datetime": ("timestamp", "timestamp", "TEXT"),
    "time": ("time", "time", "TEXT"),
}
TEXT_TYPES = ("text", "text", "TEXT")


@dataclass(frozen=True)
class Column:
    """A field of the schema as the table stores it."""

    name: str
    field_type: str  # the Table Schema type
    ckan_type: str  # int, numeric, bool, date, timestamp, time or text

    @property
    def is_text(self) -> bool:
        return self.ckan_type == "text"


def column_types(field_type: str) -> tuple[str, str, str]:
    return COLUMN_TYPES.get(field_type, TEXT_TYPES)


def columns_of(schema: dict) -> list[Column]:
    """The columns of a table holding rows of ``schema`` (without ``_id``)."""
    columns = []
    for field in schema.get("fields") or ():
        field_type = field.get("type") or "string"
        columns.append(Column(field["name"], field_type, column_types(field_type)[0]))
    return columns


def name_problem(name, seen: set[str] | None = None) -> tuple[str, str] | None:
    """Why ``name`` cannot be a column: (Frictionless error type, translated message), or
    None when it can. ``seen`` holds the case-folded names before it (SQLite compares
    column names without regard to case, so "Name" and "name" are the same column)."""
    if not isinstance(name, str) or not name.strip():
        return "blank-label", _("A column has no name. Give every column a name in the first row.")
    if seen is not None and name.casefold() in seen:
        return "duplicate-label", _(
            "The column name “%(name)s” appears more than once. Every column needs its own "
            "name (upper and lower case do not count as different)."
        ) % {"name": name}
    if name in RESERVED_NAMES:
        return "incorrect-label", _(
            "The column name “%(name)s” is reserved for the table's own use. Rename the column."
        ) % {"name": name}
    if len(name.encode()) > MAX_NAME_BYTES:
        return "incorrect-label", _(
            "The column name “%(name)s” is too long: column names can have at most "
            "%(limit)d bytes (about as many letters)."
        ) % {"name": name[:80], "limit": MAX_NAME_BYTES}
    if '"' in name or re.search(r"[\x00-\x1f\x7f]", name):
        return "incorrect-label", _(
            "The column name “%(name)s” contains a double quote or a control character. "
            "Rename the column."
        ) % {"name": name.replace("\x00", "")}
    return None


def check_names(names: list) -> list[tuple[int, str, str, str]]:
    """Every problem of a header: (1-based column, name, error type, message)."""
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(names, 1):
        problem = name_problem(name, seen)
        if problem:
            problems.append((position, str(name or ""), *problem))
        if isinstance(name, str):
            seen.add(name.casefold())
    return problems


def validate_schema(schema) -> dict:
    """A steward's schema, checked: a valid Table Schema whose every field can be a column.
    Raises ``DatastoreError`` naming the first problem; returns the schema as a dict."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DatastoreError(_("The schema must be an object with a list of “fields”."))
    if not schema["fields"]:
        raise DatastoreError(_("The schema needs at least one field."))
    report = frictionless.Schema.validate_descriptor(schema)
    if not report.valid:
        note = report.flatten(["message"])[0][0]
        raise DatastoreError(
            _("The schema is not a valid Table Schema: %(problem)s") % {"problem": note}
        )
    names = [field.get("name") for field in schema["fields"]]
    problems = check_names(names)
    if problems:
        raise DatastoreError(problems[0][3])
    try:
        reader_schema(schema)
    except (frictionless.FrictionlessException, TypeError, ValueError) as error:
        raise DatastoreError(
            _("The schema is not a valid Table Schema: %(problem)s") % {"problem": error}
        ) from error
    return schema


def reader_schema(schema: dict) -> frictionless.Schema:
    return frictionless.Schema.from_descriptor(schema)


def cell_readers(schema: dict) -> list:
    """One function per field: ``reader(cell) -> (value, notes)``, ``notes`` naming the
    failed check ("type", "required", "minimum", ...) or None."""
    readers = []
    for field in reader_schema(schema).fields:
        readers.append(field.create_cell_reader())
    return readers


def unique_groups(schema: dict) -> list[list[str]]:
    """Fields whose values must not repeat: each field with ``unique``, and the primary key."""
    groups = [
        [field["name"]]
        for field in schema.get("fields") or ()
        if (field.get("constraints") or {}).get("unique")
    ]
    key = schema.get("primaryKey")
    if isinstance(key, str):
        key = [key]
    if key and list(key) not in groups:
        groups.append(list(key))
    return groups


def with_primary_key_required(schema: dict) -> dict:
    """The primary key's fields are required (Table Schema: a key has no empty values)."""
    key = schema.get("primaryKey")
    if not key:
        return schema
    key = [key] if isinstance(key, str) else list(key)
    fields = []
    for field in schema["fields"]:
        if field.get("name") in key:
            constraints = {**(field.get("constraints") or {}), "required": True}
            field = {**field, "constraints": constraints}
        fields.append(field)
    return {**schema, "fields": fields}


# German spreadsheets write 1.234,56 and 31.12.2024; frictionless infers only the
# international forms, so such columns would otherwise become text.
GERMAN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
GERMAN_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
GERMAN_DATETIME = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}(?::\d{2})?")
LEADING_ZERO = re.compile(r"[+-]?0\d")
MIDNIGHT = datetime.time(0, 0)


def infer_schema(header: list[str], sample: list[list]) -> dict:
    """A Table Schema for the columns ``header`` from the first rows of a file."""
    width = len(header)
    # Empty cells (None in a sheet) are missing values, which inference skips.
    rows = [
        ["" if cell is None else cell for cell in list(row[:width]) + [None] * (width - len(row))]
        for row in sample
    ]
    detector = frictionless.Detector(field_confidence=1.0)
    inferred = detector.detect_schema(
        rows,
        labels=[str(name) for name in header],
        field_candidates=[{"type": name} for name in INFERRED_TYPES],
    ).to_descriptor()
    fields = []
    for position, field in enumerate(inferred.get("fields") or ()):
        values = [row[position] for row in rows if row[position] != ""]
        field = {"name": header[position], "type": field.get("type", "string")}
        fields.append(_refine(field, values))
    return {"fields": fields}


def _refine(field: dict, values: list) -> dict:
    texts = [value for value in values if isinstance(value, str)]
    if (
        field["type"] == "datetime"
        and values
        and all(
            isinstance(value, datetime.datetime) and value.time() == MIDNIGHT for value in values
        )
    ):
        # Spreadsheets keep a day as a date and time at midnight.
        return {**field, "type": "date"}
    if field["type"] in ("integer", "number", "year") and any(
        LEADING_ZERO.match(text) for text in texts
    ):
        # Postcodes and regional keys (01067, 06432023) lose their leading zero as numbers.
        return {**field, "type": "string"}
    if field["type"] in ("string", "any") and texts and len(texts) == len(values):
        if all(GERMAN_DATE.fullmatch(text) for text in texts):
            return {**field, "type": "date", "format": "%d.%m.%Y"}
        if all(GERMAN_DATETIME.fullmatch(text) for text in texts):
            seconds = all(text.count(":") == 2 for text in texts)
            return {
                **field,
                "type": "datetime",
                "format": "%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M",
            }
        if all(GERMAN_NUMBER.fullmatch(text) for text in texts) and any(
            "," in text for text in texts
        ):
            return {**field, "type": "number", "decimalChar": ",", "groupChar": "."}
    if field["type"] == "any":
        return {**field, "type": "string"}
    return field


TYPE_LABELS = {
    "integer": lambda: _("whole number"),
    "year": lambda: _("year (four digits)"),
    "number": lambda: _("number"),
    "boolean": lambda: _("yes/no value (true or false)"),
    "date": lambda: _("date"),
    "datetime": lambda: _("date and time"),
    "time": lambda: _("time of day"),
    "yearmonth": lambda: _("month (YYYY-MM)"),
    "duration": lambda: _("duration (ISO 8601, e.g. P1D)"),
    "geopoint": lambda: _("geographic point"),
    "geojson": lambda: _("GeoJSON geometry"),
    "object": lambda: _("JSON object"),
    "array": lambda: _("JSON array"),
    "string": lambda: _("text"),
}


def describe_type(field: dict) -> str:
    """The expected kind of value in words, with its format where one is set."""
    label = TYPE_LABELS.get(field.get("type", "string"), TYPE_LABELS["string"])()
    fmt = field.get("format")
    if field.get("type") in ("date", "datetime", "time"):
        example = {
            "date": "YYYY-MM-DD",
            "datetime": "YYYY-MM-DDThh:mm:ss",
            "time": "hh:mm:ss",
        }[field["type"]]
        if fmt and fmt not in ("default", "any"):
            example = (
                fmt.replace("%Y", "YYYY")
                .replace("%m", "MM")
                .replace("%d", "DD")
                .replace("%H", "hh")
                .replace("%M", "mm")
                .replace("%S", "ss")
            )
        elif fmt == "any":
            return label
        # The placeholders in the person's language (German: JJJJ-MM-TT).
        example = example.replace("YYYY", _("YYYY")).replace("DD", _("DD"))
        return _("%(kind)s in the form %(example)s") % {"kind": label, "example": example}
    if field.get("type") == "number" and field.get("decimalChar") == ",":
        return _("number with a decimal comma")
    return label
