"""The portal's public pages: the catalogue with search and facets, a dataset's page, a
resource's page with a preview of its rows and a chart, and the downloads (the original
file, and CSV and JSON generated from the datastore table). Drafts are not found, except
by data stewards, who see them as the public will."""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.core.accounts.models import Unit
from rathaus.core.uploads.responses import content_disposition, serve_stored_file

from . import charts, vocabularies
from .datastore import export
from .datastore import query as datastore
from .exceptions import DatastoreError
from .forms import FILTER_PARAMS, CatalogueQuery
from .models import Dataset, Resource
from .organizations import organization_name
from .permissions import can_steward
from .search import FACET_FIELDS, SearchError, search_datasets

DATASETS_PER_PAGE = 20
PREVIEW_ROWS = 20
FACET_LIMIT = 10
FACET_LIMIT_ALL = 200
FACET_TITLES = {
    "organization": lambda: _("Publisher"),
    "groups": lambda: _("Theme"),
    "res_format": lambda: _("Format"),
    "license_id": lambda: _("Licence"),
    "tags": lambda: _("Keyword"),
}
PARAM_OF_FIELD = {field: param for param, field in FILTER_PARAMS.items()}


class _Counted:
    """Stands for a list of ``count`` items whose current page was fetched already."""

    def __init__(self, count: int):
        self.count = count

    def __len__(self) -> int:
        return self.count


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def _page(items: list, number: int, count: int, per_page: int) -> Page:
    return Page(items, number, Paginator(_Counted(count), per_page))


def _last_page(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def _crumbs(*items):
    return [{"label": _("Open data"), "url": reverse("opendata:catalogue")}, *items]


# ------------------------------------------------------------------ catalogue


def _facet_labels() -> dict[str, dict[str, str]]:
    units = Unit.objects.filter(is_active=True).only("pk", "name")
    return {
        "organization": {organization_name(unit): unit.name for unit in units},
        "groups": {term.id: str(term.label) for term in vocabularies.THEMES},
        "license_id": {term.id: str(term.label) for term in vocabularies.LICENSES},
        "res_format": {fmt.id: fmt.label for fmt in vocabularies.FORMATS},
    }


def _facets(query: CatalogueQuery, result, labels: dict, expanded: str) -> list[dict]:
    """Each facet with its values: label, count, and whether it is chosen (chosen values stay
    listed even when they are not among the most frequent)."""
    facets = []
    for field in FACET_FIELDS:
        counted = list(result.facets.get(field, []))
        present = {value for value, _count in counted}
        for value in query.filters.get(field, ()):
            if value not in present:
                counted.append((value, result.count))
        names = labels.get(field, {})
        param = PARAM_OF_FIELD[field]
        items = [
            {
                "value": value,
                "label": names.get(value, value),
                "count": count,
                "selected": query.is_selected(field, value),
                "id": f"facet-{param}-{index}",
            }
            for index, (value, count) in enumerate(counted)
        ]
        limit = FACET_LIMIT_ALL if expanded == param else FACET_LIMIT
        facets.append(
            {
                "field": field,
                "param": param,
                "title": FACET_TITLES[field](),
                "items": [item for i, item in enumerate(items) if i < limit or item["selected"]],
                "more": expanded != param and len(result.facets.get(field, [])) > FACET_LIMIT,
            }
        )
    return facets


def _chosen_filters(request, query: CatalogueQuery, labels: dict) -> list[dict]:
    """The chosen filters, each with the address of the same search without it."""
    chosen = []
    for field, values in query.filters.items():
        param = PARAM_OF_FIELD[field]
        for value in values:
            params = request.GET.copy()
            params.setlist(param, [v for v in params.getlist(param) if v.strip() != value])
            params.pop("page", None)
            chosen.append(
                {
                    "title": FACET_TITLES[field](),
                    "label": labels.get(field, {}).get(value, value),
                    "url": "?" + params.urlencode(),
                }
            )
    return chosen


@require_GET
def catalogue(request):
    query = CatalogueQuery(request.GET)
    expanded = request.GET.get("alle", "")
    number = _page_number(request)
    search = {
        "q": query.q,
        "filters": query.filters,
        "sort": query.ckan_sort,
        "rows": DATASETS_PER_PAGE,
        "facet_fields": FACET_FIELDS,
        "facet_limit": FACET_LIMIT_ALL if expanded in FILTER_PARAMS else FACET_LIMIT + 1,
    }
    error = ""
    try:
        result = search_datasets(start=(number - 1) * DATASETS_PER_PAGE, **search)
        if number > 1 and not result.datasets and result.count:
            number = _last_page(result.count, DATASETS_PER_PAGE)
            result = search_datasets(start=(number - 1) * DATASETS_PER_PAGE, **search)
    except SearchError as failure:
        error = failure.message
        result = search_datasets(rows=0, facet_fields=FACET_FIELDS, facet_limit=FACET_LIMIT + 1)
    for item in result.datasets:
        item.format_list = sorted({found.format for found in item.resources.all()})
    labels = _facet_labels()
    return render(
        request,
        "opendata/catalogue.html",
        {
            "query": query,
            "result": result,
            "page": _page(result.datasets, number, result.count, DATASETS_PER_PAGE),
            "facets": _facets(query, result, labels, expanded),
            "chosen": _chosen_filters(request, query, labels),
            "theme_labels": labels["groups"],
            "error": error,
            "breadcrumbs": [],
        },
    )


# ------------------------------------------------------------------ dataset and resource


def _visible_dataset(request, name: str) -> Dataset:
    datasets = Dataset.objects.select_related("organization")
    if not can_steward(request.user):
        datasets = datasets.published()
    return get_object_or_404(datasets, name=name)


def _visible_resource(request, name: str, resource_id) -> Resource:
    dataset = _visible_dataset(request, name)
    found = get_object_or_404(
        Resource.objects.select_related("file"), dataset=dataset, pk=resource_id
    )
    found.dataset = dataset
    return found


@require_GET
def dataset(request, name):
    found = _visible_dataset(request, name)
    themes = [
        vocabularies.THEME_BY_ID[code]
        for code in found.themes or ()
        if code in vocabularies.THEME_BY_ID
    ]
    return render(
        request,
        "opendata/dataset.html",
        {
            "dataset": found,
            "resources": found.resources.select_related("file"),
            "keywords": found.tags.all(),
            "themes": themes,
            "frequency": vocabularies.FREQUENCY_BY_ID.get(found.frequency),
            "spatial_ars": found.spatial_ars or getattr(request.town, "ars", ""),
            "organization": organization_name(found.organization),
            "rdf_url": f"{reverse('opendata:catalogue')}{found.name}.ttl",
            "ckan_url": "/api/3/action/package_show?" + urlencode({"id": found.name}),
            "may_steward": can_steward(request.user),
            "breadcrumbs": _crumbs({"label": found.title}),
        },
    )


def _sort_clause(field: str, descending: bool) -> str:
    return f'"{field}" {"desc" if descending else "asc"}'


def _preview(request, found: Resource) -> dict:
    """One page of the resource's rows, sorted as asked, and a chart if the table suits one."""
    column = request.GET.get("spalte", "")
    descending = request.GET.get("richtung") == "ab"
    number = _page_number(request)
    sort = _sort_clause(column, descending) if column else ""
    context: dict = {"sort_column": column, "descending": descending}
    drafts = not found.dataset.is_published  # only stewards get this far for a draft
    try:
        result = datastore.search(
            found,
            sort=sort,
            limit=PREVIEW_ROWS,
            offset=(number - 1) * PREVIEW_ROWS,
            include_drafts=drafts,
        )
    except DatastoreError as error:
        context["preview_error"] = error.message
        context["sort_column"] = sort = ""
        result = datastore.search(found, limit=PREVIEW_ROWS, include_drafts=drafts)
        number = 1
    total = result.total or 0
    if number > 1 and not result.records and total:
        number = _last_page(total, PREVIEW_ROWS)
        result = datastore.search(
            found,
            sort=sort,
            limit=PREVIEW_ROWS,
            offset=(number - 1) * PREVIEW_ROWS,
            include_drafts=drafts,
        )
    fields = [field for field in result.fields if field["id"] != "_id"]
    columns = _columns(request, fields, context["sort_column"], descending)
    context.update(
        {
            "fields": fields,
            "columns": columns,
            "rows": [
                [{"value": record.get(c["id"]), "numeric": c["numeric"]} for c in columns]
                for record in result.records
            ],
            "preview_page": _page(result.records, number, total, PREVIEW_ROWS),
            "total": total,
        }
    )
    if total <= charts.MAX_ROWS and charts.suitable_columns(fields):
        everything = datastore.search(found, limit=charts.MAX_ROWS, include_drafts=drafts)
        context["chart"] = charts.build_chart(fields, everything.records, everything.total)
    return context


def _columns(request, fields: list[dict], column: str, descending: bool) -> list[dict]:
    """Each column's header: its sort state (for aria-sort) and the address that sorts by it
    (ascending first, then descending)."""
    columns = []
    for field in fields:
        current = field["id"] == column
        params = request.GET.copy()
        params.pop("page", None)
        params["spalte"] = field["id"]
        params["richtung"] = "ab" if current and not descending else "auf"
        columns.append(
            {
                "id": field["id"],
                "type": field.get("type", ""),
                "sort": ("descending" if descending else "ascending") if current else "",
                "url": "?" + params.urlencode(),
                "numeric": field.get("type") in charts.NUMBER_TYPES,
            }
        )
    return columns


@require_GET
def resource(request, name, resource_id):
    found = _visible_resource(request, name, resource_id)
    dataset = found.dataset
    context = {
        "dataset": dataset,
        "resource": found,
        "format": vocabularies.FORMAT_BY_ID.get(found.format),
        "may_steward": can_steward(request.user),
        "breadcrumbs": _crumbs(
            {"label": dataset.title, "url": dataset.get_absolute_url()}, {"label": found.name}
        ),
    }
    if found.datastore_active:
        context.update(_preview(request, found))
    return render(request, "opendata/resource.html", context)


# ------------------------------------------------------------------ downloads


def _file_stem(found: Resource) -> str:
    return "-".join(filter(None, [found.dataset.name, slugify(found.name)]))[:120] or "daten"


@require_GET
def download(request, name, resource_id):
    """The original file, or the linked address."""
    found = _visible_resource(request, name, resource_id)
    if found.file_id:
        return serve_stored_file(request, found.file)
    if found.url:
        return HttpResponseRedirect(found.url)
    raise Http404


TABLE_DOWNLOADS = {
    "csv": (export.stream_csv, "text/csv; charset=utf-8"),
    "json": (export.stream_json, "application/json"),
}


def _table_download(request, name, resource_id, extension: str):
    """The stored table as a file, streamed row by row."""
    found = _visible_resource(request, name, resource_id)
    if not found.datastore_active:
        raise Http404
    stream, content_type = TABLE_DOWNLOADS[extension]
    response = StreamingHttpResponse(
        stream(found, include_drafts=not found.dataset.is_published), content_type=content_type
    )
    response["Content-Disposition"] = content_disposition(f"{_file_stem(found)}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def table_csv(request, name, resource_id):
    return _table_download(request, name, resource_id, "csv")


@require_GET
def table_json(request, name, resource_id):
    return _table_download(request, name, resource_id, "json")
