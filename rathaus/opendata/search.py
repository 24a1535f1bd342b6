"""Searching the catalogue with facets, for the portal's pages and CKAN's ``package_search``.

One function for both databases: PostgreSQL searches the German full-text index of the
datasets' search text (title, description, keywords, unit) and ranks by relevance; other
databases match every word of the query as a substring. Facet counts come from
``DatasetFacet`` (one grouped query), which holds rows of published datasets only.
"""

import re
import shlex
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from .exceptions import OpenDataError
from .models import Dataset, DatasetFacet

FACET_FIELDS = tuple(DatasetFacet.Field.values)
SEARCH_CONFIG = "german"
MAX_ROWS = 1000
SORTS = {
    "score": None,
    "title_string": "title",
    "title": "title",
    "name": "name",
    "metadata_modified": "modified_at",
    "metadata_created": "created_at",
}
_FQ_TERM = re.compile(r"^\+?([a-z_]+):(.+)$")


class SearchError(OpenDataError):
    message = _("The search cannot be answered.")


@dataclass
class SearchResult:
    count: int
    datasets: list[Dataset]
    # {"tags": [("Verkehr", 12), …], …} in CKAN's order: most frequent first.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def parse_fq(fq: str) -> dict[str, list[str]]:
    """``tags:Verkehr organization:"stadtplanungsamt" AND res_format:CSV`` as
    {"tags": ["Verkehr"], …}: every term must hold."""
    filters: dict[str, list[str]] = {}
    try:
        terms = shlex.split(fq or "")
    except ValueError as error:
        raise SearchError(_("fq cannot be read: %(error)s") % {"error": error}) from error
    for term in terms:
        if term.upper() in {"AND", "&&"}:
            continue
        match = _FQ_TERM.match(term)
        if not match or match.group(1) not in {*FACET_FIELDS, "name", "id"}:
            raise SearchError(
                _("fq term %(term)s is not supported; use field:value with one of %(fields)s.")
                % {"term": term[:80], "fields": ", ".join((*FACET_FIELDS, "name", "id"))}
            )
        filters.setdefault(match.group(1), []).append(match.group(2).strip('"'))
    return filters


def parse_sort(sort: str) -> list:
    """CKAN's ``sort`` (``score desc, metadata_modified desc``) as ORM orderings."""
    orderings = []
    for part in (sort or "score desc, metadata_modified desc").split(","):
        words = part.split()
        if not words:
            continue
        name, direction = words[0], (words[1].lower() if len(words) > 1 else "asc")
        if name not in SORTS or direction not in {"asc", "desc"} or len(words) > 2:
            raise SearchError(_("sort %(sort)s is not supported.") % {"sort": part.strip()[:80]})
        column = SORTS[name]
        if column is None:
            orderings.append(F("rank").desc(nulls_last=True) if direction == "desc" else "rank")
        else:
            orderings.append(f"-{column}" if direction == "desc" else column)
    # The id breaks ties in the direction of the last column, so that one index (column, id)
    # serves the ordering and a page is read from it instead of sorting every match.
    last = orderings[-1] if orderings else "pk"
    descending = isinstance(last, str) and last.startswith("-")
    return [*orderings, "-pk" if descending else "pk"]


def _matching_text(datasets: QuerySet, q: str) -> QuerySet:
    q = " ".join(q.split())
    if not q or q == "*:*":
        return datasets
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        vector = SearchVector("search_text", config=SEARCH_CONFIG)
        return datasets.annotate(document=vector, rank=SearchRank(vector, query)).filter(
            document=query
        )
    condition = Q()
    for word in q.split():
        condition &= Q(search_text__icontains=word.strip('"'))
    return datasets.filter(condition)


def _filtered(datasets: QuerySet, filters: dict[str, list[str]]) -> QuerySet:
    for name, values in filters.items():
        for value in values:
            if name == "name":
                datasets = datasets.filter(name=value)
            elif name == "id":
                datasets = datasets.filter(pk__in=_uuids([value]))
            else:
                datasets = datasets.filter(
                    pk__in=DatasetFacet.objects.filter(field=name, value=value).values("dataset")
                )
    return datasets


def _uuids(values: list[str]) -> list[str]:
    import uuid

    found = []
    for value in values:
        try:
            found.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return found


def facet_counts(
    datasets: QuerySet | None, fields, *, limit: int = 50, mincount: int = 1
) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet field among ``datasets`` (all published if None)."""
    fields = [name for name in fields if name in FACET_FIELDS]
    if not fields:
        return {}
    rows = DatasetFacet.objects.filter(field__in=fields)
    if datasets is not None:
        rows = rows.filter(dataset__in=datasets.order_by().values("pk"))
    counted = (
        rows.values("field", "value")
        .annotate(count=Count("*"))  # an index-only scan of (town, field, value, dataset)
        .filter(count__gte=max(mincount, 1))
        .order_by("field", "-count", "value")
    )
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in fields}
    for row in counted:
        items = facets[row["field"]]
        if limit < 0 or len(items) < limit:
            items.append((row["value"], row["count"]))
    return facets


def search_datasets(
    *,
    q: str = "",
    filters: dict[str, list[str]] | None = None,
    sort: str = "",
    rows: int = 10,
    start: int = 0,
    facet_fields=(),
    facet_limit: int = 50,
    facet_mincount: int = 1,
) -> SearchResult:
    """Published datasets matching ``q`` and every filter, one page of them, their total,
    and facet counts over all matches."""
    rows = max(0, min(int(rows), MAX_ROWS))
    start = max(0, int(start))
    base = Dataset.objects.published()
    matching = _filtered(_matching_text(base, q), filters or {})
    orderings = parse_sort(sort)
    if "rank" not in matching.query.annotations:
        orderings = [o for o in orderings if not _is_rank(o)]
    count = matching.count()
    page = list(matching.with_listing().order_by(*orderings)[start : start + rows]) if rows else []
    unfiltered = not (q or "").strip() and not filters
    facets = facet_counts(
        None if unfiltered else matching,
        facet_fields,
        limit=facet_limit,
        mincount=facet_mincount,
    )
    return SearchResult(count=count, datasets=page, facets=facets)


def _is_rank(ordering) -> bool:
    if isinstance(ordering, str):
        return ordering.lstrip("-") == "rank"
    return getattr(getattr(ordering, "expression", None), "name", "") == "rank"
