"""The SQL tables of the datastore: one per resource and load generation, in the default
database, as CKAN's datastore keeps them. A table is named ``ods_<resource hex>_<n>``; it
holds CKAN's ``_id`` row number and one column per field of the resource's Table Schema
(on PostgreSQL also ``_full_text``, the words of its text columns for ``q``).

Field names come from uploaded files, so every identifier is quoted with
``connection.ops.quote_name`` and ``%`` is doubled for the driver's parameter syntax;
``schema.name_problem`` has refused names that quoting cannot make safe (double quotes,
NUL) before a table is created.
"""

import datetime
import decimal
import math
import re
import uuid
from collections.abc import Iterable, Sequence

from django.db import connection

from .schema import FULL_TEXT_COLUMN, ID_COLUMN, Column, column_types

PREFIX = "ods_"
TABLE_NAME = re.compile(r"^ods_([0-9a-f]{32})_([0-9]+)$")
# More indexes make loading slower; wide tables get them on their first columns only.
MAX_INDEXED_COLUMNS = 40
BIGINT = (-(2**63), 2**63 - 1)
NUMERIC_DIGITS = 131072


def qn(name: str) -> str:
    """A quoted identifier, safe inside SQL that is executed with parameters."""
    return connection.ops.quote_name(name).replace("%", "%%")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def table_prefix(resource_id) -> str:
    return f"{PREFIX}{uuid.UUID(str(resource_id)).hex}_"


def tables_of(resource_id) -> list[str]:
    """Every table of the resource, current and left over from interrupted loads."""
    pattern = table_prefix(resource_id).replace("_", r"\_") + "%"
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename LIKE %s",
                [pattern],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE %s ESCAPE '\\'",
                [pattern],
            )
        names = [row[0] for row in cursor.fetchall()]
    return sorted(name for name in names if TABLE_NAME.match(name))


def generation(table: str) -> int:
    match = TABLE_NAME.match(table or "")
    return int(match.group(2)) if match else 0


def create_table(resource_id, columns: Sequence[Column]) -> str:
    """A new, empty table for the resource's next generation; returns its name."""
    existing = tables_of(resource_id)
    number = max([generation(name) for name in existing], default=0) + 1
    name = f"{table_prefix(resource_id)}{number}"
    engine = 1 if is_postgresql() else 2
    definitions = [
        f"{qn(ID_COLUMN)} bigint NOT NULL" if engine == 1 else f"{qn(ID_COLUMN)} INTEGER"
    ]
    definitions += [
        f"{qn(column.name)} {column_types(column.field_type)[engine]}" for column in columns
    ]
    text_columns = [column for column in columns if column.is_text]
    if engine == 1 and text_columns:
        words = " || ' ' || ".join(f"coalesce({qn(column.name)}, '')" for column in text_columns)
        definitions.append(
            f"{qn(FULL_TEXT_COLUMN)} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple', {words})) STORED"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {qn(name)} ({', '.join(definitions)})", [])
    return name


def has_full_text(table: str) -> bool:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return any(column.name == FULL_TEXT_COLUMN for column in description)


def drop_table(name: str) -> None:
    if TABLE_NAME.match(name or ""):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {qn(name)}", [])


def drop_tables_of(resource_id) -> int:
    names = tables_of(resource_id)
    for name in names:
        drop_table(name)
    return len(names)


def insert_rows(table: str, columns: Sequence[Column], rows: list[tuple]) -> None:
    """Append rows (``_id`` first, then the columns' stored values) in one go: PostgreSQL's
    COPY through psycopg, elsewhere one multi-row statement per batch."""
    if not rows:
        return
    names = [ID_COLUMN, *(column.name for column in columns)]
    if is_postgresql():
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    quoted = ", ".join(qn(name) for name in names)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {qn(table)} ({quoted}) VALUES ({marks})", rows)  # noqa: S608 - quoted identifiers


def create_indexes(table: str, columns: Sequence[Column]) -> None:
    """What queries need once a table is complete: the row id as primary key, an index per
    column for ``filters`` and ``sort`` (hash indexes for text on PostgreSQL, which hold
    values of any length), the full-text index, and fresh planner statistics."""
    postgresql = is_postgresql()
    statements = []
    if postgresql:
        statements.append(
            f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(table + '_pkey')} "
            f"PRIMARY KEY ({qn(ID_COLUMN)})"
        )
    else:
        statements.append(
            f"CREATE UNIQUE INDEX {qn(table + '_pkey')} ON {qn(table)} ({qn(ID_COLUMN)})"
        )
    for position, column in enumerate(columns[:MAX_INDEXED_COLUMNS], 1):
        index = qn(f"{table}_i{position}")
        if postgresql and column.is_text:
            statements.append(f"CREATE INDEX {index} ON {qn(table)} USING hash ({qn(column.name)})")
        else:
            statements.append(f"CREATE INDEX {index} ON {qn(table)} ({qn(column.name)})")
    if postgresql and any(column.is_text for column in columns):
        statements.append(
            f"CREATE INDEX {qn(table + '_fts')} ON {qn(table)} USING gin ({qn(FULL_TEXT_COLUMN)})"
        )
    statements.append(f"ANALYZE {qn(table)}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [])


def count_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {qn(table)}", [])  # noqa: S608 - quoted identifiers
        return cursor.fetchone()[0]


def duplicates(table: str, names: list[str], limit: int) -> tuple[list[tuple], int]:
    """Rows repeating an earlier row's values in ``names``: ([(_id, values, first _id)],
    how many there are in all)."""
    key = ", ".join(qn(name) for name in names)
    joined = " AND ".join(f"t.{qn(name)} = d.{qn(name)}" for name in names)
    present = " AND ".join(f"{qn(name)} IS NOT NULL" for name in names)
    groups = (
        f"SELECT {key}, min({qn(ID_COLUMN)}) AS first_id FROM {qn(table)} WHERE {present} "  # noqa: S608 - quoted identifiers
        f"GROUP BY {key} HAVING count(*) > 1"
    )
    body = f"FROM {qn(table)} t JOIN ({groups}) d ON {joined} WHERE t.{qn(ID_COLUMN)} > d.first_id"
    values = ", ".join(f"t.{qn(name)}" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {body}", [])
        total = cursor.fetchone()[0]
        if not total:
            return [], 0
        cursor.execute(
            f"SELECT t.{qn(ID_COLUMN)}, {values}, d.first_id {body} "
            f"ORDER BY t.{qn(ID_COLUMN)} LIMIT %s",
            [limit],
        )
        found = [(row[0], row[1:-1], row[-1]) for row in cursor.fetchall()]
    return found, total


# Values as the columns store them, and back.


class Unstorable(ValueError):
    """A valid Table Schema value the column cannot hold (an integer beyond 64 bits)."""


def to_storage(value, column: Column, original=None):
    """The value of a cast cell as the column stores it on this database."""
    if value is None:
        return None
    ckan_type = column.ckan_type
    postgresql = is_postgresql()
    if ckan_type == "int":
        if isinstance(value, bool) or not BIGINT[0] <= int(value) <= BIGINT[1]:
            raise Unstorable(value)
        return int(value)
    if ckan_type == "numeric":
        number = decimal.Decimal(str(value)) if isinstance(value, float) else value
        if not isinstance(number, decimal.Decimal) or not number.is_finite():
            raise Unstorable(value)
        if postgresql:
            # PostgreSQL's numeric holds up to 131,072 digits before the point.
            if number.adjusted() >= NUMERIC_DIGITS:
                raise Unstorable(value)
            return number
        stored = float(number)
        if math.isinf(stored):
            raise Unstorable(value)
        return stored
    if ckan_type == "bool":
        return bool(value) if postgresql else int(bool(value))
    if ckan_type == "timestamp":
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value if postgresql else value.isoformat()
    if ckan_type == "date":
        return value if postgresql else value.isoformat()
    if ckan_type == "time":
        value = value.replace(tzinfo=None)
        return value if postgresql else value.isoformat()
    if isinstance(value, str):
        return value.replace("\x00", "")
    if original is not None and isinstance(original, str):
        return original
    return _as_text(value)


def _as_text(value) -> str:
    import json

    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def from_storage(value, ckan_type: str):
    """A stored value as JSON shows it: numbers as numbers, dates and times as ISO text."""
    if value is None:
        return None
    if ckan_type == "int":
        return int(value)
    if ckan_type == "numeric":
        number = decimal.Decimal(str(value)) if not isinstance(value, decimal.Decimal) else value
        if not number.is_finite():
            return None
        return int(number) if number == number.to_integral_value() else float(number)
    if ckan_type == "bool":
        return bool(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def filter_value(value, ckan_type: str):
    """A filter's value as the column stores it; ``ValueError`` when it is not one."""
    if isinstance(value, dict | list | tuple | set):
        raise ValueError(value)
    postgresql = is_postgresql()
    if ckan_type == "int":
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        number = int(str(value).strip()) if not isinstance(value, int | float) else int(value)
        if not BIGINT[0] <= number <= BIGINT[1]:
            raise ValueError(value)
        return number
    if ckan_type == "numeric":
        if isinstance(value, bool):
            raise ValueError(value)
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation as error:
            raise ValueError(value) from error
        if not number.is_finite():
            raise ValueError(value)
        return number if postgresql else float(number)
    if ckan_type == "bool":
        if isinstance(value, bool):
            flag = value
        elif str(value).strip().lower() in ("true", "1", "t", "yes"):
            flag = True
        elif str(value).strip().lower() in ("false", "0", "f", "no"):
            flag = False
        else:
            raise ValueError(value)
        return flag if postgresql else int(flag)
    if ckan_type == "date":
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
        return day if postgresql else day.isoformat()
    if ckan_type == "timestamp":
        moment = (
            value
            if isinstance(value, datetime.datetime)
            else datetime.datetime.fromisoformat(str(value))
        )
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
        return moment if postgresql else moment.isoformat()
    if ckan_type == "time":
        moment = (
            value if isinstance(value, datetime.time) else datetime.time.fromisoformat(str(value))
        )
        return moment if postgresql else moment.isoformat()
    return str(value)


def stored_columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def iter_rows(table: str, names: Iterable[str], batch: int = 5000):
    """Every row of the table in ``_id`` order, fetched a batch at a time (keyset
    pagination), so a table of any size streams with flat memory."""
    names = list(names)
    selected = ", ".join(qn(name) for name in [ID_COLUMN, *names])
    sql = (
        f"SELECT {selected} FROM {qn(table)} WHERE {qn(ID_COLUMN)} > %s "  # noqa: S608 - quoted identifiers
        f"ORDER BY {qn(ID_COLUMN)} LIMIT %s"
    )
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [last, batch])
            rows = cursor.fetchall()
        if not rows:
            return
        for row in rows:
            yield row[1:]
        last = rows[-1][0]
        if len(rows) < batch:
            return
