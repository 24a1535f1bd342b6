"""One page of the catalogue and its Hydra paging, the way ckanext-dcat pages its
``/catalog.{format}`` endpoint (``?page=N`` from 1, a fixed number of datasets per page,
``?modified_since=`` an ISO 8601 date), in a constant number of queries per page."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, XSD

from ..models import Dataset, Resource
from .graph import CatalogWriter
from .namespaces import HYDRA
from .uris import Site

DEFAULT_PAGE_SIZE = 100
# Oldest first: a dataset keeps its place while it is edited, so that a harvester walking
# the pages misses none (ckanext-dcat's newest-change-first moves an edited dataset to the
# first page, past a harvester that has read it already).
ORDER = ("created_at", "id")
MAX_PAGE_SIZE = 1000


class BadParameter(Exception):
    """A query parameter the catalogue cannot use; ``message`` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def page_size() -> int:
    """Datasets per page: ``RATHAUS_DCAT_PAGE_SIZE`` (default 100), at most 1000."""
    size = int(getattr(settings, "RATHAUS_DCAT_PAGE_SIZE", DEFAULT_PAGE_SIZE))
    return max(1, min(size, MAX_PAGE_SIZE))


def parse_page(value: str | None) -> int:
    if value in (None, ""):
        return 1
    if not value.isdigit() or int(value) < 1:
        raise BadParameter(_("The page must be a whole number from 1 upwards."))
    return int(value)


def parse_modified_since(value: str | None) -> datetime | None:
    """An ISO 8601 date or date and time; without a time zone, the installation's."""
    if not value:
        return None
    # An unencoded "+" of a time zone offset arrives as a space.
    value = value.strip().replace(" ", "+")
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            _("modified_since must be an ISO 8601 date, e.g. 2024-05-31 or 2024-05-31T12:00:00.")
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def for_catalogue(datasets: QuerySet) -> QuerySet:
    """What the catalogue writes of each dataset, in three queries for any number."""
    return datasets.select_related("organization").prefetch_related(
        "tags", Prefetch("resources", queryset=Resource.objects.select_related("file"))
    )


@dataclass(frozen=True)
class CataloguePage:
    number: int
    per_page: int
    total: int  # datasets on all pages
    datasets: list
    modified: datetime | None  # the latest change of any published dataset
    issued: datetime | None  # the first publication

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number * self.per_page < self.total else None

    @property
    def previous(self) -> int | None:
        # Beyond the end, the previous page is the last one (as in ckanext-dcat).
        return min(self.number - 1, self.last) if self.number > 1 else None


def catalogue_page(*, number: int, modified_since: datetime | None = None) -> CataloguePage:
    """The published datasets of the current town on page ``number``."""
    per_page = page_size()
    published = Dataset.objects.published()
    selected = Q(modified_at__gte=modified_since) if modified_since else Q()
    stats = published.aggregate(
        total=Count("pk", filter=selected),
        modified=Max("modified_at"),
        issued=Min("published_at"),
    )
    offset = (number - 1) * per_page
    datasets = []
    if offset < stats["total"]:
        # Sorting only the ids and then reading the page's rows keeps the sort narrow: deep
        # pages of a hundred thousand datasets sort in memory, not on disk.
        ids = published.filter(selected).order_by(*ORDER).values("pk")[offset : offset + per_page]
        page = for_catalogue(Dataset.objects.filter(pk__in=ids)).defer("search_text")
        datasets = list(page.order_by(*ORDER))
    return CataloguePage(
        number=number,
        per_page=per_page,
        total=stats["total"],
        datasets=datasets,
        modified=stats["modified"],
        issued=stats["issued"],
    )


def add_paging(graph: Graph, page: CataloguePage, page_url: Callable[[int], str]) -> None:
    """A ``hydra:PagedCollection`` node as ckanext-dcat writes it: the page links with both
    Hydra's current names (first, next…) and the older ones harvesters still read
    (firstPage, nextPage…); none when the catalogue is empty."""
    if page.total == 0:
        return
    ref = URIRef(page_url(page.number))
    graph.add((ref, RDF.type, HYDRA.PagedCollection))
    graph.add((ref, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    graph.add((ref, HYDRA.itemsPerPage, Literal(page.per_page, datatype=XSD.integer)))
    links = {
        (HYDRA.firstPage, HYDRA.first): 1,
        (HYDRA.lastPage, HYDRA.last): page.last,
        (HYDRA.nextPage, HYDRA.next): page.next,
        (HYDRA.previousPage, HYDRA.previous): page.previous,
    }
    for predicates, number in links.items():
        if number is None:
            continue
        for predicate in predicates:
            graph.add((ref, predicate, Literal(page_url(number))))


def catalogue_graph(site: Site, page: CataloguePage, page_url: Callable[[int], str]) -> Graph:
    """The catalogue with the page's datasets and the links to the other pages."""
    writer = CatalogWriter(site)
    catalog = writer.catalog(modified=page.modified, issued=page.issued)
    for dataset in page.datasets:
        writer.add(catalog, DCAT.dataset, writer.dataset(dataset))
    add_paging(writer.graph, page, page_url)
    return writer.graph
