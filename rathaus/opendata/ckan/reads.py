"""CKAN's reading actions over the catalogue: packages, resources, organisations (the
town's units that publish datasets), groups (the EU data themes), tags, licences, and the
site's status. Anonymous callers see published datasets only; a data steward's API token
also shows drafts where CKAN shows drafts to their editors (package_show, resource_show,
package_list with ``include_drafts``)."""

import uuid

from django.utils.translation import gettext as _

from .. import vocabularies
from ..models import Dataset, Resource, Tag
from ..organizations import find_organization, organization_name
from ..search import SearchError, facet_counts, parse_fq, search_datasets
from . import dictization
from .errors import NotFound, SearchQueryError, ValidationError
from .params import Param
from .registry import Context, action, actions, list_of, ref

ROWS_MAX = 1000
ORGANIZATION_LIST_MAX = 1000
ORGANIZATION_LIST_ALL_FIELDS_MAX = 25
DEFAULT_SORT = "score desc, metadata_modified desc"
CKAN_VERSION = "2.10.0"


def visible_datasets(context: Context):
    """Published datasets; every dataset of the town for a data steward."""
    datasets = Dataset.objects.all()
    return datasets if context.is_steward else datasets.published()


def get_dataset(context: Context, name_or_id: str) -> Dataset:
    datasets = visible_datasets(context).with_listing()
    dataset = datasets.filter(name=name_or_id).first()
    if dataset is None and _is_uuid(name_or_id):
        dataset = datasets.filter(pk=name_or_id).first()
    if dataset is None:
        raise NotFound(_("Dataset not found"))
    return dataset


def get_resource(context: Context, resource_id: str) -> Resource:
    resource = None
    if _is_uuid(resource_id):
        resource = (
            Resource.objects.select_related("dataset", "dataset__organization")
            .filter(pk=resource_id, dataset__in=visible_datasets(context))
            .first()
        )
    if resource is None:
        raise NotFound(_("Resource was not found."))
    return resource


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# -- packages -------------------------------------------------------------------------------

PAGINATION = (
    Param("limit", "integer", "At most this many names (all when absent).", minimum=0),
    Param("offset", "integer", "Skip this many names first.", minimum=0),
)


@action(
    params=(
        *PAGINATION,
        Param(
            "include_drafts",
            "boolean",
            "Also list drafts (only for a data steward's API token).",
            default=False,
        ),
    ),
    result=list_of({"type": "string"}),
)
def package_list(context: Context, args: dict) -> list[str]:
    """Return a list of the names of the site's datasets (packages), in name order.

    :param limit: if given, the list is broken into pages of at most ``limit`` names and
        only one page is returned (optional)
    :param offset: when ``limit`` is given, the offset to start from (optional)
    """
    datasets = Dataset.objects.all()
    if not (args["include_drafts"] and context.is_steward):
        datasets = datasets.published()
    names = datasets.order_by("name").values_list("name", flat=True)
    offset = args["offset"] or 0
    if args["limit"]:
        return list(names[offset : offset + args["limit"]])
    return list(names[offset:])


@action(
    params=(Param("id", "string", "The id or name of the dataset.", required=True),),
    result=ref("Package"),
)
def package_show(context: Context, args: dict) -> dict:
    """Return the metadata of a dataset (package) and its resources.

    :param id: the id or name of the dataset
    """
    return dictization.package_dict(get_dataset(context, args["id"]), context)


@action(
    params=(
        Param("q", "string", "Words to find in title, description, keywords and unit.", default=""),
        Param(
            "fq",
            "string",
            "Filter terms field:value (organization, groups, tags, res_format, license_id, "
            "name, id); every term must hold.",
            default="",
        ),
        Param("fq_list", "json_list", "More filter terms, each like fq.", default=[]),
        Param("sort", "string", "Ordering, e.g. 'metadata_modified desc'.", default=DEFAULT_SORT),
        Param(
            "rows",
            "integer",
            "Datasets per page (at most 1000).",
            default=10,
            minimum=0,
            maximum=ROWS_MAX,
        ),
        Param("start", "integer", "Offset of the first dataset returned.", default=0, minimum=0),
        Param("facet", "boolean", "Count the facets.", default=True),
        Param("facet.field", "json_list", "Fields to count, as a JSON list.", default=[]),
        Param("facet.limit", "integer", "Values per facet; -1 for all.", default=50),
        Param("facet.mincount", "integer", "Smallest count shown.", default=1, minimum=0),
    ),
    result=ref("PackageSearchResult"),
)
def package_search(context: Context, args: dict) -> dict:
    """Search for datasets (packages) and count their facets.

    :param q: the words to search for (optional)
    :param fq: filter terms ``field:value`` on organization, groups, tags, res_format,
        license_id, name and id, all of which must hold (optional)
    :param sort: e.g. ``metadata_modified desc`` or ``title_string asc`` (optional,
        default ``score desc, metadata_modified desc``)
    :param rows: the number of datasets to return (optional, default 10, at most 1000)
    :param start: the offset of the first dataset (optional)
    :param facet.field: the fields to count, a JSON list (optional)
    :param facet.limit: values per facet, -1 for all (optional, default 50)
    :param facet.mincount: the smallest count returned (optional, default 1)

    Returns ``count``, ``results`` (package dictionaries), ``sort``, ``facets`` and
    ``search_facets``.
    """
    fq = " ".join([args["fq"], *args["fq_list"]])
    facet_fields = args["facet.field"] if args["facet"] else []
    try:
        filters = _filters_from_fq(fq)
        result = search_datasets(
            q=args["q"],
            filters=filters,
            sort=args["sort"],
            rows=args["rows"],
            start=args["start"],
            facet_fields=facet_fields,
            facet_limit=args["facet.limit"],
            facet_mincount=args["facet.mincount"],
        )
    except SearchError as error:
        raise SearchQueryError(error.message) from error
    facets, search_facets = _facets(facet_fields, result.facets)
    return {
        "count": result.count,
        "sort": args["sort"],
        "results": [dictization.package_dict(dataset, context) for dataset in result.datasets],
        "facets": facets,
        "search_facets": search_facets,
    }


def _filters_from_fq(fq: str) -> dict[str, list[str]]:
    filters = parse_fq(fq)
    if "groups" in filters:  # group names are the theme codes in lower case
        filters["groups"] = [
            term.id if (term := dictization.find_theme(value)) else value
            for value in filters["groups"]
        ]
    return filters


def _facets(fields: list[str], counted: dict) -> tuple[dict, dict]:
    units = {}
    if "organization" in counted:
        units = {organization_name(unit): unit.name for unit in _units()}
    facets, search_facets = {}, {}
    for field in fields:
        items = []
        for value, count in counted.get(field, []):
            name, display_name = value, value
            if field == "organization":
                display_name = units.get(value, value)
            elif field == "groups":
                term = vocabularies.THEME_BY_ID.get(value)
                name = dictization.group_name(value)
                display_name = str(term.label) if term else value
            elif field == "license_id":
                term = vocabularies.LICENSE_BY_ID.get(value)
                display_name = str(term.label) if term else value
            items.append({"name": name, "display_name": display_name, "count": count})
        facets[field] = {item["name"]: item["count"] for item in items}
        search_facets[field] = {"title": field, "items": items}
    return facets, search_facets


def _units():
    from rathaus.core.accounts.models import Unit

    return Unit.objects.filter(is_active=True).order_by("name")


# -- resources ------------------------------------------------------------------------------


@action(
    params=(Param("id", "string", "The id of the resource.", required=True),),
    result=ref("Resource"),
)
def resource_show(context: Context, args: dict) -> dict:
    """Return the metadata of a resource.

    :param id: the id of the resource
    """
    resource = get_resource(context, args["id"])
    return dictization.resource_dict(resource, context)


# -- organisations and groups ---------------------------------------------------------------

LIST_PARAMS = (
    Param("all_fields", "boolean", "Full dictionaries instead of names.", default=False),
    Param(
        "sort",
        "string",
        "'name', 'title' or 'package_count' (alias 'packages'), then 'asc' or 'desc'.",
        default="name asc",
    ),
    Param("q", "string", "Only those whose name or title contains this.", default=""),
    Param("limit", "integer", "At most this many (1000, with all_fields 25).", minimum=0),
    Param("offset", "integer", "Skip this many first.", default=0, minimum=0),
)


def _sorted_page(rows: list[dict], args: dict, names: list[str] | None) -> list:
    """CKAN's group and organisation listing on rows of {name, title, package_count, …}."""
    if names:
        rows = [row for row in rows if row["name"] in names]
    if args["q"]:
        needle = args["q"].casefold()
        rows = [
            row
            for row in rows
            if needle in row["name"].casefold() or needle in row["title"].casefold()
        ]
    words = args["sort"].split()
    field = words[0] if words else "name"
    field = "package_count" if field == "packages" else field
    default_direction = "desc" if field == "package_count" else "asc"
    direction = words[1].lower() if len(words) > 1 else default_direction
    if field not in {"name", "title", "package_count"} or direction not in {"asc", "desc"}:
        raise ValidationError(
            {"sort": [_("Cannot sort by field `%(field)s`") % {"field": args["sort"][:40]}]}
        )
    rows = sorted(rows, key=lambda row: row["name"])
    rows = sorted(rows, key=lambda row: row[field], reverse=direction == "desc")
    maximum = ORGANIZATION_LIST_ALL_FIELDS_MAX if args["all_fields"] else ORGANIZATION_LIST_MAX
    limit = min(args["limit"], maximum) if args["limit"] else maximum
    page = rows[args["offset"] : args["offset"] + limit]
    if args["all_fields"]:
        return page
    return [row["name"] for row in page]


def _organization_rows() -> list[dict]:
    """The units with published datasets, as organisation dictionaries."""
    counts = dict(facet_counts(None, ["organization"], limit=-1)["organization"])
    return [
        dictization.organization_dict(unit, counts[organization_name(unit)])
        for unit in _units()
        if organization_name(unit) in counts
    ]


def _group_rows() -> list[dict]:
    counts = dict(facet_counts(None, ["groups"], limit=-1)["groups"])
    return [dictization.group_dict(term, counts.get(term.id, 0)) for term in vocabularies.THEMES]


@action(
    params=(
        *LIST_PARAMS,
        Param("organizations", "json_list", "Only the organisations of these names."),
    ),
    result={"oneOf": [list_of({"type": "string"}), list_of(ref("Organization"))]},
)
def organization_list(context: Context, args: dict) -> list:
    """Return a list of the names of the site's organisations: the town's units that
    publish datasets.

    :param all_fields: return full organisation dictionaries instead of names (optional,
        default False)
    :param sort: ``name``, ``title`` or ``package_count``, then ``asc`` or ``desc``
        (optional, default ``name asc``)
    :param limit: at most this many (optional, default 1000, with all_fields 25)
    :param offset: skip this many first (optional)
    """
    return _sorted_page(_organization_rows(), args, args["organizations"])


SHOW_PARAMS = (
    Param("id", "string", "The id or name.", required=True),
    Param("include_datasets", "boolean", "Include its datasets (up to 1000).", default=False),
)


@action(params=SHOW_PARAMS, result=ref("Organization"))
def organization_show(context: Context, args: dict) -> dict:
    """Return the details of an organisation (a unit of the town).

    :param id: the id or name of the organisation
    :param include_datasets: include a list of its published datasets (optional, default
        False)
    """
    unit = find_organization(args["id"])
    if unit is None:
        raise NotFound(_("Organization was not found."))
    name = organization_name(unit)
    result = search_datasets(filters={"organization": [name]}, rows=0)
    organization = dictization.organization_dict(unit, result.count)
    if args["include_datasets"]:
        organization["packages"] = _datasets_of(context, {"organization": [name]})
    return organization


@action(
    params=(*LIST_PARAMS, Param("groups", "json_list", "Only the groups of these names.")),
    result={"oneOf": [list_of({"type": "string"}), list_of(ref("Group"))]},
)
def group_list(context: Context, args: dict) -> list:
    """Return a list of the names of the site's groups: the EU data themes.

    :param all_fields: return full group dictionaries instead of names (optional, default
        False)
    :param sort: ``name``, ``title`` or ``package_count``, then ``asc`` or ``desc``
        (optional, default ``name asc``)
    :param limit: at most this many (optional)
    :param offset: skip this many first (optional)
    """
    return _sorted_page(_group_rows(), args, args["groups"])


@action(params=SHOW_PARAMS, result=ref("Group"))
def group_show(context: Context, args: dict) -> dict:
    """Return the details of a group (an EU data theme).

    :param id: the id or name of the group, e.g. ``tran``
    :param include_datasets: include a list of its published datasets (optional, default
        False)
    """
    term = dictization.find_theme(args["id"])
    if term is None:
        raise NotFound(_("Group not found"))
    result = search_datasets(filters={"groups": [term.id]}, rows=0)
    group = dictization.group_dict(term, result.count)
    if args["include_datasets"]:
        group["packages"] = _datasets_of(context, {"groups": [term.id]})
    return group


def _datasets_of(context: Context, filters: dict) -> list[dict]:
    result = search_datasets(filters=filters, rows=ROWS_MAX, sort="title asc")
    return [dictization.package_dict(dataset, context) for dataset in result.datasets]


# -- tags, licences, status, help -----------------------------------------------------------


@action(
    params=(
        Param("query", "string", "Only tags whose name contains this.", default=""),
        Param("vocabulary_id", "string", "Tags of a vocabulary (there are none).", default=""),
        Param("all_fields", "boolean", "Tag dictionaries instead of names.", default=False),
    ),
    result={"oneOf": [list_of({"type": "string"}), list_of(ref("Tag"))]},
)
def tag_list(context: Context, args: dict) -> list:
    """Return a list of the keywords (tags) of the published datasets.

    :param query: a tag name query to search for, if given only tags whose names contain
        this string are returned (optional)
    :param all_fields: return full tag dictionaries instead of just names (optional,
        default False)
    """
    if args["vocabulary_id"]:
        return []  # every keyword is a free tag
    names = [name for name, _count in facet_counts(None, ["tags"], limit=-1)["tags"]]
    if args["query"]:
        needle = args["query"].casefold()
        names = [name for name in names if needle in name.casefold()]
    names.sort(key=str.casefold)
    if not args["all_fields"]:
        return names
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [dictization.tag_dict(tags[name]) for name in names if name in tags]


@action(result=list_of(ref("License")))
def license_list(context: Context, args: dict) -> list[dict]:
    """Return the list of licences a dataset can have (the DCAT-AP.de licence list)."""
    return [dictization.license_dict(term) for term in vocabularies.LICENSES]


@action(result=ref("Status"))
def status_show(context: Context, args: dict) -> dict:
    """Return a dictionary with information about the site's configuration."""
    town = context.request.town
    codes = town.chosen_language_codes or ["de"]
    return {
        "site_title": _("Open data of %(town)s") % {"town": town.name},
        "site_description": "",
        "site_url": context.absolute("/").rstrip("/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": codes[0],
        "extensions": ["datastore"],
    }


@action(
    params=(Param("name", "string", "The name of an action.", required=True),),
    result={"type": "string"},
)
def help_show(context: Context, args: dict) -> str:
    """Return the help string of an action.

    :param name: the action's name, e.g. ``package_search``
    """
    found = actions().get(args["name"])
    if found is None:
        raise NotFound(_("Action function not found"))
    return found.doc
