"""Searching the catalogue with facets, for the portal's pages and CKAN's ``package_search``.

One function for both databases: PostgreSQL searches the datasets' stored German search
documents (title, description, keywords, unit) through their index and ranks by relevance; other
databases match every word of the query as a substring. Facet counts come from
``DatasetFacet`` (one grouped query), which holds rows of published datasets only.
"""

import re
import shlex
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window
from django.utils.translation import gettext as _

from .exceptions import OpenDataError
from .models import Dataset, DatasetFacet, DatasetFacetCount
from .search_document import SEARCH_CONFIG

FACET_FIELDS = tuple(DatasetFacet.Field.values)
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


def _text(q: str) -> str:
    text = " ".join((q or "").split())
    return "" if text == "*:*" else text


def _matching_text(datasets: QuerySet, text: str) -> QuerySet:
    if not text:
        return datasets
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return datasets.filter(search_document=query).annotate(
            rank=SearchRank(F("search_document"), query)
        )
    condition = Q()
    for word in text.split():
        condition &= Q(search_text__icontains=word.strip('"'))
    return datasets.filter(condition)


def _filtered(datasets: QuerySet, filters: dict[str, list[str]]) -> QuerySet:
    for value in filters.get("name", ()):
        datasets = datasets.filter(name=value)
    for value in filters.get("id", ()):
        datasets = datasets.filter(pk__in=_uuids([value]))
    with_facets = _with_facets(filters)
    return datasets if with_facets is None else datasets.filter(pk__in=with_facets)


def _with_facets(filters: dict[str, list[str]]) -> QuerySet | None:
    """Ids of the published datasets that have every facet value of ``filters``, read from
    the facet index alone (it holds published datasets only); None without facet filters."""
    ids = None
    for name, values in filters.items():
        if name not in FACET_FIELDS:
            continue
        for value in values:
            rows = DatasetFacet.objects.filter(field=name, value=value)
            ids = (rows if ids is None else rows.filter(dataset__in=ids)).values("dataset")
    return ids


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
    dataset_ids: QuerySet | None, fields, *, limit: int = 50, mincount: int = 1
) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet field among the datasets whose ids ``dataset_ids``
    selects, or among all published datasets if None (kept counts, nothing is counted)."""
    return _limited(_all_counts(dataset_ids, fields), limit=limit, mincount=mincount)


def _all_counts(dataset_ids: QuerySet | None, fields) -> dict[str, list[tuple[str, int]]]:
    """Every value's count (at least 1), most frequent first."""
    fields = [name for name in fields if name in FACET_FIELDS]
    if not fields:
        return {}
    if dataset_ids is None:
        counted = DatasetFacetCount.objects.filter(field__in=fields, datasets__gt=0).values(
            "field", "value", count=F("datasets")
        )
    else:
        counted = (
            DatasetFacet.objects.filter(field__in=fields, dataset__in=dataset_ids)
            .values("field", "value")
            .annotate(count=Count("*"))  # index-only: (dataset, field, value) is unique
        )
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in fields}
    for row in counted.order_by("field", "-count", "value"):
        facets[row["field"]].append((row["value"], row["count"]))
    return facets


def _limited(facets: dict, *, limit: int, mincount: int) -> dict[str, list[tuple[str, int]]]:
    return {
        name: [item for item in items if item[1] >= mincount][: None if limit < 0 else limit]
        for name, items in facets.items()
    }


def _count_from_facets(facets: dict, filters: dict[str, list[str]]) -> int | None:
    """Every match has each filtered facet value, and has it once: its count among the
    matches is their number."""
    for name, values in filters.items():
        if name in facets:
            return dict(facets[name]).get(values[0], 0)
    return None


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
    filters = filters or {}
    text = _text(q)
    matching = _filtered(_matching_text(Dataset.objects.published(), text), filters)
    orderings = parse_sort(sort)
    if "rank" not in matching.query.annotations:
        orderings = [o for o in orderings if not _is_rank(o)]
    if text or {"name", "id"} & set(filters):
        ids = matching.order_by().values("pk")
    else:
        # The facet index alone answers which datasets match (None: all published ones);
        # the datasets themselves are read for the page only.
        ids = _with_facets(filters)
    # Ranking reads every match anyway, so the page's query counts them too.
    ranked = any(_is_rank(ordering) for ordering in orderings)
    page, count = _page(matching.order_by(*orderings), start, rows, count_matches=ranked)
    facets = _all_counts(ids, facet_fields)
    if count is None and ids is not None:
        count = _count_from_facets(facets, filters)
    if count is None:
        count = matching.count() if ids is None else ids.count()
    facets = _limited(facets, limit=facet_limit, mincount=max(facet_mincount, 1))
    return SearchResult(count=count, datasets=page, facets=facets)


def _page(
    ordered: QuerySet, start: int, rows: int, *, count_matches: bool
) -> tuple[list[Dataset], int | None]:
    """The page's datasets, and, if ``count_matches`` and the page is not past the end, the
    number of matches. The page's ids are sorted first, so that only they, not every match,
    are read whole."""
    if not rows:
        return [], None
    if count_matches:
        rows_found = list(
            ordered.annotate(matches=Window(Count("*"))).values_list("pk", "matches")[
                start : start + rows
            ]
        )
        ids = [pk for pk, _matches in rows_found]
        count = rows_found[0][1] if rows_found else None
    else:
        ids, count = list(ordered.values_list("pk", flat=True)[start : start + rows]), None
    found = Dataset.objects.filter(pk__in=ids).with_listing().in_bulk()
    return [found[pk] for pk in ids if pk in found], count


def _is_rank(ordering) -> bool:
    if isinstance(ordering, str):
        return ordering.lstrip("-") == "rank"
    return getattr(getattr(ordering, "expression", None), "name", "") == "rank"
