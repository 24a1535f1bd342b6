"""CKAN's ``datastore_search_sql``: one read-only SELECT over published tables, off unless
``RATHAUS_DATASTORE_SQL_ENABLED``.

The statement is parsed with sqlglot (PostgreSQL syntax, as CKAN clients write it) and
refused unless it is exactly one SELECT (or a UNION / INTERSECT / EXCEPT of SELECTs) that
reads only tables named by the id of a resource of the current town whose dataset is
published and whose rows are loaded (``FROM "<resource id>"``), calls only allow-listed
functions and casts only to plain data types; ``INTO``, locking clauses, recursive or
nested ``WITH``, parameters and everything that writes are refused. The tables are rewritten
to their internal names and the statement is generated anew from the parsed tree (so
comments and anything sqlglot did not understand are gone).

It then runs with a time and a row limit and cannot write: on PostgreSQL in a read-only
(sub)transaction with ``statement_timeout``, rolled back afterwards; on SQLite under an
authorizer that allows only reading the named tables and calling the allowed functions,
and a progress handler that stops the query at the time limit.
"""

import datetime
import decimal
import time
import uuid

import sqlglot
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from sqlglot import exp

from ..exceptions import DatastoreError
from ..models import Dataset, Resource
from . import tables
from .query import DatastoreResult, rows_max

MAX_SQL_CHARACTERS = 20_000
RESULT_ALIAS = "_datastore_result"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# sqlglot's names of the functions a query may call: aggregates, text, numbers, dates,
# window functions. Nothing that sleeps, reads files, touches settings or other databases,
# runs SQL given as text, or builds huge values (REPEAT, LPAD).
ALLOWED_FUNCTIONS = _names(
    """
    COUNT SUM AVG MIN MAX STDDEV STDDEV_POP STDDEV_SAMP VARIANCE VARIANCE_POP
    GROUP_CONCAT ARRAY_AGG LOGICAL_AND LOGICAL_OR CORR COVAR_POP COVAR_SAMP
    PERCENTILE_CONT PERCENTILE_DISC MODE MEDIAN COUNT_IF LOWER UPPER LENGTH SUBSTRING
    TRIM CONCAT CONCAT_WS REPLACE LEFT RIGHT STR_POSITION SPLIT_PART INITCAP REVERSE
    TRANSLATE STARTS_WITH TIME_TO_STR MD5 REGEXP_LIKE REGEXP_I_LIKE REGEXP_REPLACE ABS
    CEIL FLOOR ROUND TRUNC SQRT CBRT POWER EXP LN LOG SIGN GREATEST LEAST PI RAND
    WIDTH_BUCKET COALESCE NULLIF CASE IF CAST TRY_CAST EXISTS ARRAY EXTRACT
    TIMESTAMP_TRUNC DATE_TRUNC CURRENT_TIMESTAMP CURRENT_DATE STR_TO_DATE STR_TO_TIME
    TO_NUMBER ROW_NUMBER RANK DENSE_RANK NTILE LAG LEAD FIRST_VALUE LAST_VALUE NTH_VALUE
    PERCENT_RANK CUME_DIST
    """
)
# Functions sqlglot does not model, by their PostgreSQL name.
ALLOWED_OTHER_FUNCTIONS = frozenset({"octet_length", "age", "make_date", "every", "date_part"})
ALLOWED_TYPES = frozenset(
    getattr(exp.DataType.Type, name)
    for name in _names(
        """
        INT BIGINT SMALLINT TINYINT DECIMAL DOUBLE FLOAT TEXT VARCHAR CHAR NCHAR NVARCHAR
        DATE TIMESTAMP TIMESTAMPTZ TIMESTAMPLTZ BOOLEAN TIME TIMETZ INTERVAL
        """
    )
    if hasattr(exp.DataType.Type, name)
)
# Parts of a statement that write, lock, change settings or reach outside the tables.
REFUSED_NODES = tuple(
    node
    for node in (
        exp.DDL,
        exp.DML,
        getattr(exp, "Command", None),
        getattr(exp, "Into", None),
        getattr(exp, "Lock", None),
        getattr(exp, "Set", None),
        getattr(exp, "Transaction", None),
        getattr(exp, "Commit", None),
        getattr(exp, "Rollback", None),
        getattr(exp, "Pragma", None),
        getattr(exp, "Use", None),
        getattr(exp, "Grant", None),
        getattr(exp, "Analyze", None),
        getattr(exp, "Show", None),
        getattr(exp, "Describe", None),
        getattr(exp, "Kill", None),
        getattr(exp, "Drop", None),
        getattr(exp, "Alter", None),
        getattr(exp, "TruncateTable", None),
        getattr(exp, "Placeholder", None),
        getattr(exp, "Parameter", None),
        getattr(exp, "ObjectIdentifier", None),
    )
    if node is not None
)

# SQLite's authorizer (sqlite3 action codes) and the SQLite functions it lets a query call.
SQLITE_FUNCTIONS = _names(
    """
    count sum avg min max total group_concat string_agg lower upper length substr
    substring trim ltrim rtrim replace instr round abs coalesce ifnull nullif iif like
    glob date time datetime julianday strftime unixepoch concat concat_ws ceil ceiling
    floor sqrt pow power exp ln log log10 log2 mod sign pi random typeof row_number rank
    dense_rank ntile lag lead first_value last_value nth_value percent_rank cume_dist
    current_timestamp current_date current_time
    """
)


class _Rollback(Exception):
    """Leaves the read-only transaction without keeping anything (not even its settings)."""


def _refuse(message: str) -> DatastoreError:
    return DatastoreError(message)


def _parse(sql: str) -> exp.Expression:
    if not isinstance(sql, str) or not sql.strip():
        raise _refuse(_("Write one SELECT statement."))
    if len(sql) > MAX_SQL_CHARACTERS:
        raise _refuse(
            _("The statement is too long (at most %(limit)d characters).")
            % {"limit": MAX_SQL_CHARACTERS}
        )
    try:
        statements = [
            statement for statement in sqlglot.parse(sql, read="postgres") if statement is not None
        ]
    except (sqlglot.errors.SqlglotError, RecursionError) as error:
        problem = (str(error).splitlines() or [""])[0][:200]
        raise _refuse(
            _("The statement cannot be read: %(problem)s") % {"problem": problem}
        ) from error
    if len(statements) != 1:
        raise _refuse(_("Write exactly one statement: only a single SELECT is allowed."))
    tree = statements[0]
    while isinstance(tree, exp.Subquery) and not tree.alias:
        tree = tree.this
    if not isinstance(tree, exp.Select | exp.SetOperation):
        raise _refuse(_("Only SELECT statements are allowed: the datastore can only be read."))
    return tree


def _identifier(node: exp.Identifier) -> str:
    """An identifier as PostgreSQL resolves it: unquoted names fold to lower case."""
    return node.name if node.quoted else node.name.lower()


def _cte_scope(tree: exp.Expression) -> tuple[exp.With | None, list[str]]:
    with_ = tree.args.get("with_") or tree.args.get("with")
    if with_ is None:
        return None, []
    if with_.args.get("recursive"):
        raise _refuse(_("Recursive queries (WITH RECURSIVE) are not allowed."))
    names = []
    for cte in with_.expressions:
        alias = cte.args.get("alias")
        names.append(_identifier(alias.this) if alias is not None else "")
    return with_, names


def _visible_ctes(table: exp.Table, with_: exp.With | None, names: list[str]) -> set[str]:
    """The CTE names a table reference can mean: every CTE in the main query, only the
    earlier ones inside a CTE's own body (a CTE naming itself would read a real table)."""
    if with_ is None:
        return set()
    node = table.parent
    while node is not None and not (isinstance(node, exp.CTE) and node.parent is with_):
        node = node.parent
    if node is None:
        return set(names)
    return set(names[: with_.expressions.index(node)])


def _check_function(node: exp.Func) -> None:
    if isinstance(node, exp.Anonymous):
        name = str(node.name).lower()
        allowed = name in ALLOWED_OTHER_FUNCTIONS
    else:
        name = node.sql_name()
        allowed = name in ALLOWED_FUNCTIONS
        if allowed and isinstance(node, exp.RegexpLike | exp.RegexpILike | exp.RegexpReplace):
            # Python's regular expressions (SQLite) cannot be interrupted by the time limit.
            allowed = tables.is_postgresql()
    if not allowed:
        raise _refuse(
            _("The function “%(name)s” is not allowed in datastore queries.")
            % {"name": name.lower()}
        )
    if isinstance(node.parent, exp.Dot):
        raise _refuse(
            _("Functions cannot be called with a schema name (“%(name)s”).")
            % {"name": node.parent.sql()[:80]}
        )
    if isinstance(node, exp.Cast | exp.TryCast):
        target = node.args.get("to")
        if not isinstance(target, exp.DataType) or target.this not in ALLOWED_TYPES:
            raise _refuse(
                _("Values cannot be converted to “%(type)s” in datastore queries.")
                % {"type": target.sql(dialect="postgres") if target is not None else "?"}
            )


def _check(tree: exp.Expression) -> dict[str, list[exp.Table]]:
    """Refuse everything but reading; returns the resource ids the query reads, each with
    its table references."""
    with_, cte_names = _cte_scope(tree)
    references: dict[str, list[exp.Table]] = {}
    for node in tree.walk():
        if isinstance(node, REFUSED_NODES):
            raise _refuse(
                _("Only reading is allowed: “%(part)s” is not possible in datastore queries.")
                % {"part": node.key.upper()}
            )
        if isinstance(node, exp.With) and node is not with_:
            raise _refuse(_("WITH is allowed only at the start of the statement."))
        if isinstance(node, exp.Func):
            _check_function(node)
        if isinstance(node, exp.Table):
            _check_table(node, with_, cte_names, references)
    return references


def _check_table(table, with_, cte_names, references) -> None:
    if not isinstance(table.this, exp.Identifier):
        raise _refuse(
            _("Only tables of published resources can be queried, not “%(name)s”.")
            % {"name": table.sql(dialect="postgres")[:80]}
        )
    if table.args.get("db") or table.args.get("catalog"):
        raise _refuse(
            _("Only tables of published resources can be queried, not “%(name)s”.")
            % {"name": table.sql(dialect="postgres")[:80]}
        )
    name = _identifier(table.this)
    if name in _visible_ctes(table, with_, cte_names):
        return
    try:
        resource_id = str(uuid.UUID(table.name))
    except ValueError:
        resource_id = None
    if resource_id is None or resource_id != table.name.lower():
        raise _refuse(
            _(
                "Only tables of published resources can be queried, named by the resource's "
                'id in double quotes (FROM "<resource id>"), not “%(name)s”.'
            )
            % {"name": table.name[:80]}
        )
    references.setdefault(resource_id, []).append(table)


def _resolve(references: dict[str, list[exp.Table]]) -> dict[str, str]:
    """Internal table name per resource id; refuses ids that are not a published, loaded
    resource of this town."""
    found = {
        str(pk): table
        for pk, table in Resource.objects.filter(
            pk__in=list(references), dataset__state=Dataset.State.PUBLISHED
        )
        .exclude(datastore_table="")
        .values_list("pk", "datastore_table")
    }
    for resource_id in references:
        if resource_id not in found:
            raise _refuse(
                _("There is no published table with the id “%(id)s”.") % {"id": resource_id}
            )
    for resource_id, nodes in references.items():
        for node in nodes:
            alias = node.args.get("alias")
            node.set("this", exp.to_identifier(found[resource_id], quoted=True))
            if alias is None:
                # Columns qualified with the resource id ("<id>".field) still resolve.
                node.set("alias", exp.TableAlias(this=exp.to_identifier(resource_id, quoted=True)))
    return found


def prepare(sql: str) -> tuple[str, dict[str, str]]:
    """The checked statement as this database runs it (with its row limit), and the
    internal table per resource id. Raises ``DatastoreError``."""
    tree = _parse(sql)
    try:
        return _prepare(tree)
    except RecursionError as error:
        raise _refuse(_("The statement is nested too deeply.")) from error


def _prepare(tree: exp.Expression) -> tuple[str, dict[str, str]]:
    references = _check(tree)
    if not references:
        raise _refuse(_("The statement must read at least one table of a published resource."))
    found = _resolve(references)
    limited = (
        exp.select("*")
        .from_(
            exp.Subquery(
                this=tree, alias=exp.TableAlias(this=exp.to_identifier(RESULT_ALIAS, quoted=True))
            )
        )
        .limit(rows_max() + 1)
    )
    dialect = "postgres" if tables.is_postgresql() else "sqlite"
    return limited.sql(dialect=dialect, comments=False), found


def run_sql(sql: str) -> DatastoreResult:
    """Answer ``datastore_search_sql``: at most ``RATHAUS_DATASTORE_ROWS_MAX`` records
    (``records_truncated`` when there were more), stopped after
    ``RATHAUS_DATASTORE_SQL_TIMEOUT_MS``. Raises ``DatastoreError`` for anything refused."""
    if not settings.RATHAUS_DATASTORE_SQL_ENABLED:
        raise DatastoreError(_("SQL queries on the datastore are switched off on this portal."))
    statement, found = prepare(sql)
    try:
        if tables.is_postgresql():
            names, types, rows = _run_postgresql(statement)
        else:
            names, types, rows = _run_sqlite(statement, set(found.values()))
    except DatabaseError as error:
        raise _database_error(error, found) from error
    limit = rows_max()
    truncated = len(rows) > limit
    rows = rows[:limit]
    if types is None:
        types = [_type_of_values(rows, position) for position in range(len(names))]
    records = [
        {name: _json_value(value) for name, value in zip(names, row, strict=True)} for row in rows
    ]
    return DatastoreResult(
        fields=[{"id": name, "type": kind} for name, kind in zip(names, types, strict=True)],
        records=records,
        total=None,
        records_truncated=truncated,
    )


def _timeout_ms() -> int:
    return max(1, int(settings.RATHAUS_DATASTORE_SQL_TIMEOUT_MS))


def _run_postgresql(statement: str):
    outcome = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            cursor.execute(f"SET LOCAL statement_timeout = {_timeout_ms()}")
            cursor.execute(statement)
            outcome["names"] = [column.name for column in cursor.description]
            outcome["types"] = [_postgresql_type(column.type_code) for column in cursor.description]
            outcome["rows"] = cursor.fetchall()
            raise _Rollback
    except _Rollback:
        pass
    return outcome["names"], outcome["types"], outcome["rows"]


def _run_sqlite(statement: str, allowed_tables: set[str]):
    import sqlite3

    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + _timeout_ms() / 1000

    def authorize(action, first, second, database, source):
        if action == sqlite3.SQLITE_SELECT:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and first in allowed_tables and database in (None, "main"):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and str(second).lower() in SQLITE_FUNCTIONS:
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    def progress():
        return 1 if time.monotonic() > deadline else 0

    cursor = raw.cursor()
    raw.set_authorizer(authorize)
    raw.set_progress_handler(progress, 2000)
    try:
        cursor.execute(statement)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    except sqlite3.DatabaseError as error:
        if time.monotonic() > deadline and "interrupted" in str(error):
            raise _timeout() from error
        if "not authorized" in str(error) or "prohibited" in str(error):
            raise _refuse(
                _("The statement reads a table or calls a function that is not allowed.")
            ) from error
        raise DatastoreError(
            _("The query failed: %(problem)s") % {"problem": str(error)[:200]}
        ) from error
    finally:
        raw.set_authorizer(None)
        raw.set_progress_handler(None, 0)
        cursor.close()
    return names, None, rows


def _timeout() -> DatastoreError:
    return DatastoreError(
        _("The query took longer than %(seconds)s seconds and was stopped. Narrow it down.")
        % {"seconds": f"{_timeout_ms() / 1000:g}"}
    )


def _database_error(error: DatabaseError, found: dict[str, str]) -> DatastoreError:
    cause = error.__cause__
    if type(cause).__name__ == "QueryCanceled":
        return _timeout()
    text = str(error).splitlines()[0] if str(error) else ""
    for resource_id, table in found.items():
        text = text.replace(table, resource_id)
    return DatastoreError(_("The query failed: %(problem)s") % {"problem": text[:200]})


POSTGRESQL_TYPES = {
    16: "bool",
    20: "int",
    21: "int",
    23: "int",
    700: "numeric",
    701: "numeric",
    1700: "numeric",
    1082: "date",
    1114: "timestamp",
    1184: "timestamp",
    1083: "time",
}


def _postgresql_type(oid) -> str:
    return POSTGRESQL_TYPES.get(oid, "text")


def _type_of_values(rows: list, position: int) -> str:
    for row in rows:
        value = row[position]
        if value is None:
            continue
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            return "int"
        if isinstance(value, float):
            return "numeric"
        return "text"
    return "text"


def _json_value(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, decimal.Decimal):
        return tables.from_storage(value, "numeric")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)
