"""CKAN's DataStore actions over the tables of tabular resources: ``datastore_search`` and,
where the installation switches it on, ``datastore_search_sql``. Both hand the query to the
datastore (``rathaus.opendata.datastore``), which checks every field, filter and statement;
here the answers get CKAN's shape, ``_links`` for paging included."""

from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from ..exceptions import DatastoreError
from .errors import NotFound, ValidationError
from .params import Param
from .reads import get_resource
from .registry import Context, action, ref

SEARCH_LIMIT_DEFAULT = 100


def _sql_enabled() -> bool:
    return settings.RATHAUS_DATASTORE_SQL_ENABLED


@action(
    params=(
        Param("resource_id", "string", "The id of the resource.", required=True),
        Param("filters", "json_object", 'Exact matches, e.g. {"bezirk": "Nord"}.'),
        Param("q", "any", "Words to find in any field, or {field: words}.", default=""),
        Param("fields", "name_list", "The fields to return (all when absent)."),
        Param("sort", "any", "e.g. 'jahr desc, bezirk' (a string or a list)", default=""),
        Param(
            "limit",
            "integer",
            "Records to return (default 100, at most 32000).",
            default=SEARCH_LIMIT_DEFAULT,
            minimum=0,
        ),
        Param("offset", "integer", "Records to skip.", default=0, minimum=0),
        Param("include_total", "boolean", "Count all matching records.", default=True),
    ),
    result=ref("DatastoreSearchResult"),
)
def datastore_search(context: Context, args: dict) -> dict:
    """Search the table of a resource in the DataStore.

    :param resource_id: the id of the resource
    :param filters: exact matches of fields, a JSON object (optional)
    :param q: full-text query (optional)
    :param fields: the fields to return, a list or names separated by commas (optional)
    :param sort: e.g. ``"jahr desc, bezirk"`` (optional)
    :param limit: the number of records (optional, default 100, at most 32000)
    :param offset: records to skip (optional)
    :param include_total: count every matching record (optional, default True)

    Returns ``resource_id``, ``fields``, ``records``, ``total`` (with include_total),
    ``limit`` and ``_links`` with ``start`` and ``next``.
    """
    from ..datastore.query import search

    resource_id = args["resource_id"]
    try:
        resource = get_resource(context, resource_id)
    except NotFound:
        resource = None
    if resource is None or not resource.datastore_active:
        raise NotFound(_('Resource "%(id)s" was not found.') % {"id": resource_id[:100]})
    sort = args["sort"]
    if isinstance(sort, list):
        sort = ", ".join(str(part) for part in sort)
    elif not isinstance(sort, str):
        raise ValidationError({"sort": [_("Must be a string")]})
    if not isinstance(args["q"], str | dict):
        raise ValidationError({"q": [_("Must be a string")]})
    limit = min(args["limit"], settings.RATHAUS_DATASTORE_ROWS_MAX)
    try:
        found = search(
            resource,
            filters=args["filters"],
            q=args["q"],
            fields=args["fields"],
            sort=sort,
            limit=limit,
            offset=args["offset"],
            include_total=args["include_total"],
            include_drafts=context.is_steward,
        )
    except DatastoreError as error:
        raise ValidationError({"query": [str(error.message)]}) from error
    result = {
        "resource_id": str(resource.pk),
        "fields": found.fields,
        "records": found.records,
        "records_format": "objects",
        "limit": limit,
        "include_total": args["include_total"],
        "_links": _links(context, args["offset"], limit),
    }
    if args["include_total"]:
        result["total"] = found.total
        result["total_was_estimated"] = False
    for echoed in ("filters", "q"):
        if args[echoed]:
            result[echoed] = args[echoed]
    if sort:
        result["sort"] = sort
    if args["offset"]:
        result["offset"] = args["offset"]
    return result


def _links(context: Context, offset: int, limit: int) -> dict:
    """CKAN's paging links: this request's path and query, without the offset for
    ``start``, with ``offset + limit`` for ``next`` (and ``prev`` past the first page)."""
    request = context.request
    query = [(key, value) for key, value in request.GET.items() if key != "offset"]
    links = {
        "start": _with_query(request.path, query),
        "next": _with_query(request.path, [*query, ("offset", offset + limit)]),
    }
    if offset - limit > 0:
        links["prev"] = _with_query(request.path, [*query, ("offset", offset - limit)])
    return links


def _with_query(path: str, query: list) -> str:
    return f"{path}?{urlencode(query)}" if query else path


@action(
    params=(Param("sql", "string", "One read-only SELECT statement.", required=True),),
    result=ref("DatastoreSqlResult"),
    enabled=_sql_enabled,
)
def datastore_search_sql(context: Context, args: dict) -> dict:
    """Run one read-only SQL SELECT over the tables of published resources.

    :param sql: a single SELECT statement; the tables are named by resource id, e.g.
        ``SELECT * FROM "<resource id>" WHERE jahr = 2024``

    Returns ``sql``, ``fields`` and ``records`` (``records_truncated`` when the row limit
    cut them short). Writes, system tables, more than one
    statement and functions outside an allow-list are refused; time and rows are limited.
    """
    from ..datastore.sql import run_sql

    try:
        found = run_sql(args["sql"])
    except DatastoreError as error:
        raise ValidationError({"query": [str(error.message)]}) from error
    result = {"sql": args["sql"], "fields": found.fields, "records": found.records}
    if found.records_truncated:
        result["records_truncated"] = True
    return result
