"""CSV and JSON downloads generated from a resource's table, streamed in chunks: rows are
read a batch at a time in ``_id`` order (keyset pagination), so a table of any size is
sent with flat memory.

In CSV, a text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe; numbers are
written plainly. The row id ``_id`` is the table's own and is not part of the downloads.
"""

import csv
import decimal
import io
import json
from collections.abc import Iterator

from ..models import Resource
from . import tables
from .query import check_queryable
from .schema import columns_of

CHUNK_BYTES = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value, ckan_type: str) -> str:
    if value is None:
        return ""
    if ckan_type == "bool":
        return "true" if value else "false"
    if ckan_type in ("int", "numeric"):
        number = tables.from_storage(value, ckan_type)
        if isinstance(number, float):
            # Plain digits, never an exponent (1e+20) a spreadsheet might misread.
            return format(decimal.Decimal(repr(number)), "f")
        return str(number)
    if ckan_type == "text":
        return escape_formula(str(value))
    return str(value)


def _prepared(resource: Resource, include_drafts: bool):
    check_queryable(resource, include_drafts=include_drafts)
    columns = columns_of(resource.schema)
    return resource.datastore_table, columns


def stream_csv(
    resource: Resource, *, include_drafts: bool = False, bom: bool = False
) -> Iterator[bytes]:
    """The table as CSV (UTF-8, comma-separated, header row), in chunks of bytes. ``bom``
    adds a byte order mark, which older Excel versions need to see UTF-8."""
    table, columns = _prepared(resource, include_drafts)
    names = [column.name for column in columns]
    types = [column.ckan_type for column in columns]

    def generate() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([escape_formula(name) for name in names])
        prefix = "\ufeff" if bom else ""
        for row in tables.iter_rows(table, names):
            writer.writerow(
                [_csv_cell(value, kind) for value, kind in zip(row, types, strict=True)]
            )
            if buffer.tell() >= CHUNK_BYTES:
                yield (prefix + buffer.getvalue()).encode()
                prefix = ""
                buffer.seek(0)
                buffer.truncate()
        yield (prefix + buffer.getvalue()).encode()

    return generate()


def stream_json(resource: Resource, *, include_drafts: bool = False) -> Iterator[bytes]:
    """The table as JSON: ``{"fields": [{"id", "type"}], "records": [{field: value}]}``
    (CKAN's field types; numbers as numbers, dates and times as ISO text), in chunks."""
    table, columns = _prepared(resource, include_drafts)
    names = [column.name for column in columns]
    types = [column.ckan_type for column in columns]

    def generate() -> Iterator[bytes]:
        fields = [{"id": name, "type": kind} for name, kind in zip(names, types, strict=True)]
        parts = ['{"fields": ', json.dumps(fields, ensure_ascii=False), ', "records": [']
        size = 0
        first = True
        for row in tables.iter_rows(table, names):
            record = {
                name: tables.from_storage(value, kind)
                for name, value, kind in zip(names, row, types, strict=True)
            }
            text = json.dumps(record, ensure_ascii=False)
            parts.append(text if first else ", " + text)
            first = False
            size += len(text)
            if size >= CHUNK_BYTES:
                yield "".join(parts).encode()
                parts, size = [], 0
        parts.append("]}")
        yield "".join(parts).encode()

    return generate()
