"""Queries on a resource's table with the semantics of CKAN's ``datastore_search``:
``filters`` (field -> value or list of values), ``q`` (words over all text fields, or
field -> words), ``fields``, ``sort``, ``limit`` / ``offset`` and ``include_total``.

Full text: on PostgreSQL every word must begin a word of the row (``simple`` text search with
prefix matching, served by the table's GIN index); on SQLite every word must occur in one of
the text fields.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from ..exceptions import DatastoreError
from ..models import Resource
from . import tables
from .schema import ID_COLUMN, columns_of
from .tables import qn

DEFAULT_LIMIT = 100
WORD = re.compile(r"\w+", re.UNICODE)
SORT_PART = re.compile(
    r'^\s*(?:"(?P<quoted>(?:[^"]|"")+)"|(?P<plain>.+?))'
    r"(?:\s+(?P<direction>asc|desc))?(?:\s+nulls\s+(?P<nulls>first|last))?\s*$",
    re.IGNORECASE,
)


@dataclass
class DatastoreResult:
    """Rows of a table as CKAN returns them: ``fields`` ([{"id", "type"}]), ``records``
    (dicts, JSON-ready: numbers as numbers, dates as ISO text) and ``total`` (None when not
    asked for). ``records_truncated`` is set when ``datastore_search_sql`` stopped at its
    row limit."""

    fields: list[dict]
    records: list[dict]
    total: int | None = None
    records_truncated: bool = False
    limit: int | None = None
    offset: int = 0
    filters: dict = field(default_factory=dict)


def rows_max() -> int:
    return settings.RATHAUS_DATASTORE_ROWS_MAX


def check_queryable(resource: Resource, *, include_drafts: bool = False) -> None:
    """Refuse a resource whose dataset is not published (unless a steward previews it) or
    that has no table."""
    if not include_drafts and not resource.dataset.is_published:
        raise DatastoreError(
            _("There is no published table with the id “%(id)s”.") % {"id": resource.pk}
        )
    if not resource.datastore_active:
        raise DatastoreError(
            _("The resource “%(id)s” has no table that can be queried.") % {"id": resource.pk}
        )


def table_columns(resource: Resource) -> dict[str, str]:
    """Field name -> CKAN type, ``_id`` first."""
    columns = {ID_COLUMN: "int"}
    for column in columns_of(resource.schema):
        columns[column.name] = column.ckan_type
    return columns


def _unknown_field(name, columns) -> DatastoreError:
    return DatastoreError(
        _("The field “%(name)s” does not exist. Fields of this table: %(fields)s.")
        % {"name": name, "fields": ", ".join(columns)}
    )


def _fields(fields, columns: dict[str, str]) -> list[str]:
    if fields in (None, "", []):
        return list(columns)
    if isinstance(fields, str):
        fields = [name.strip() for name in fields.split(",") if name.strip()]
    if not isinstance(fields, list | tuple):
        raise DatastoreError(_("“fields” must be a list of field names."))
    chosen = []
    for name in fields:
        if not isinstance(name, str) or name not in columns:
            raise _unknown_field(name, columns)
        if name not in chosen:
            chosen.append(name)
    return chosen


def _split_sort(sort: str) -> list[str]:
    parts, current, quoted = [], [], False
    for character in sort:
        if character == '"':
            quoted = not quoted
        if character == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


def _order(sort, columns: dict[str, str]) -> list[str]:
    if not sort:
        return []
    parts = sort if isinstance(sort, list | tuple) else _split_sort(str(sort))
    order = []
    for part in parts:
        match = SORT_PART.match(str(part))
        name = None
        if match:
            name = (
                match.group("quoted").replace('""', '"')
                if match.group("quoted")
                else match.group("plain").strip()
            )
        if name not in columns:
            whole = str(part).strip()
            if whole in columns:  # a field whose name ends in " asc" or " desc"
                match, name = None, whole
            else:
                raise DatastoreError(
                    _(
                        "Cannot sort by “%(sort)s”: name a field of the table, optionally "
                        "followed by asc or desc. Fields of this table: %(fields)s."
                    )
                    % {"sort": whole, "fields": ", ".join(columns)}
                )
        direction = (match and match.group("direction") or "asc").upper()
        nulls = match and match.group("nulls")
        if not nulls and not tables.is_postgresql():
            # Empty values sort as the largest, as on PostgreSQL (and so on CKAN).
            nulls = "last" if direction == "ASC" else "first"
        clause = f"{qn(name)} {direction}"
        if nulls:
            clause += " NULLS " + nulls.upper()
        order.append(clause)
    return order


def _filter_values(name: str, value, ckan_type: str) -> list:
    values = list(value) if isinstance(value, list | tuple) else [value]
    converted = []
    for item in values:
        if item is None:
            converted.append(None)
            continue
        try:
            converted.append(tables.filter_value(item, ckan_type))
        except (ValueError, TypeError, OverflowError) as error:
            raise DatastoreError(
                _("The filter value “%(value)s” for the field “%(name)s” is not a valid %(type)s.")
                % {"value": str(item)[:100], "name": name, "type": ckan_type}
            ) from error
    return converted


def _where(resource, filters, q, columns, table: str) -> tuple[list[str], list]:
    conditions: list[str] = []
    params: list = []
    if filters:
        if not isinstance(filters, dict):
            raise DatastoreError(_("“filters” must be an object of field names and values."))
        for name, value in filters.items():
            if name not in columns:
                raise _unknown_field(name, columns)
            values = _filter_values(name, value, columns[name])
            present = [item for item in values if item is not None]
            alternatives = []
            if present:
                if len(present) == 1:
                    alternatives.append(f"{qn(name)} = %s")
                else:
                    alternatives.append(f"{qn(name)} IN ({', '.join(['%s'] * len(present))})")
                params.extend(present)
            if len(present) < len(values):
                alternatives.append(f"{qn(name)} IS NULL")
            conditions.append("(" + " OR ".join(alternatives) + ")" if alternatives else "1 = 0")
    if q:
        if isinstance(q, dict):
            for name, text in q.items():
                if name not in columns:
                    raise _unknown_field(name, columns)
                condition, values = _words_in([name], str(text), single=True)
                if condition:
                    conditions.append(condition)
                    params.extend(values)
        elif isinstance(q, str):
            text_columns = [name for name, kind in columns.items() if kind == "text"]
            if WORD.search(q):
                if not text_columns:
                    conditions.append("1 = 0")
                elif tables.is_postgresql():
                    conditions.append(f"{qn('_full_text')} @@ to_tsquery('simple', %s)")
                    params.append(_tsquery(q))
                else:
                    condition, values = _words_in(text_columns, q)
                    conditions.append(condition)
                    params.extend(values)
        else:
            raise DatastoreError(_("“q” must be a text or an object of field names and texts."))
    return conditions, params


def _tsquery(text: str) -> str:
    """Every word as a prefix: "park nord" -> 'park':* & 'nord':*."""
    return " & ".join(
        "'{}':*".format(word.lower().replace("'", "''")) for word in WORD.findall(text)
    )


def _words_in(names: list[str], text: str, single: bool = False) -> tuple[str, list]:
    words = WORD.findall(text)
    if not words:
        return "", []
    params: list = []
    if tables.is_postgresql():
        name = names[0]
        params.append(_tsquery(text))
        return (
            f"to_tsvector('simple', coalesce(CAST({qn(name)} AS text), '')) "
            "@@ to_tsquery('simple', %s)",
            params,
        )
    conditions = []
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        alternatives = [f"CAST({qn(name)} AS TEXT) LIKE %s ESCAPE '\\'" for name in names]
        params.extend([pattern] * len(names))
        conditions.append("(" + " OR ".join(alternatives) + ")")
    return "(" + " AND ".join(conditions) + ")", params


def _number(value, name: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise DatastoreError(_("“%(name)s” must be a whole number.") % {"name": name}) from error
    if isinstance(value, float) and not value.is_integer() or number < minimum:
        raise DatastoreError(
            _("“%(name)s” must be a whole number of at least %(minimum)d.")
            % {"name": name, "minimum": minimum}
        )
    return number


def search(
    resource: Resource,
    *,
    filters: dict | None = None,
    q="",
    fields=None,
    sort="",
    limit=DEFAULT_LIMIT,
    offset=0,
    include_total: bool = True,
    include_drafts: bool = False,
) -> DatastoreResult:
    """Rows of the resource's table, as CKAN's ``datastore_search`` answers. Only tables of
    published datasets, unless ``include_drafts`` (a steward's preview). Raises
    ``DatastoreError`` naming the problem (unknown field, bad sort, a filter value of the
    wrong type, ...)."""
    check_queryable(resource, include_drafts=include_drafts)
    columns = table_columns(resource)
    chosen = _fields(fields, columns)
    limit = min(_number(DEFAULT_LIMIT if limit is None else limit, "limit"), rows_max())
    offset = _number(offset or 0, "offset")
    table = resource.datastore_table
    conditions, params = _where(resource, filters, q, columns, table)
    order = _order(sort, columns)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    order_by = ", ".join([*order, qn(ID_COLUMN)])
    selected = ", ".join(qn(name) for name in chosen)
    records = []
    with connection.cursor() as cursor:
        if limit:
            cursor.execute(
                f"SELECT {selected} FROM {qn(table)}{where} ORDER BY {order_by} LIMIT %s OFFSET %s",  # noqa: S608 - quoted identifiers
                [*params, limit, offset],
            )
            types = [columns[name] for name in chosen]
            for row in cursor.fetchall():
                records.append(
                    {
                        name: tables.from_storage(value, kind)
                        for name, value, kind in zip(chosen, row, types, strict=True)
                    }
                )
        total = None
        if include_total:
            if not conditions:
                total = resource.row_count
            elif limit and offset == 0 and len(records) < limit:
                total = len(records)
            else:
                cursor.execute(f"SELECT count(*) FROM {qn(table)}{where}", params)  # noqa: S608 - quoted identifiers
                total = cursor.fetchone()[0]
    return DatastoreResult(
        fields=[{"id": name, "type": columns[name]} for name in chosen],
        records=records,
        total=total,
        limit=limit,
        offset=offset,
        filters=dict(filters or {}),
    )
