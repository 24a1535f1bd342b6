"""The catalogue's addresses: the paged catalogue, one document per dataset, and the stable
URIs of datasets, distributions and publishers, which send people to the page and RDF
clients to the RDF (303 See Other, as for any URI that names a thing, not a document)."""

from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rathaus.core.accounts.models import Unit

from ..forms import FILTER_PARAMS
from ..models import Dataset, Resource
from ..organizations import organization_name
from .graph import CatalogWriter
from .negotiation import FORMATS, HTML, negotiate, rdf_response
from .paging import (
    BadParameter,
    catalogue_graph,
    catalogue_page,
    for_catalogue,
    parse_modified_since,
    parse_page,
)
from .uris import Site


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _negotiated_redirect(url: str) -> HttpResponse:
    response = SeeOther(url)
    patch_vary_headers(response, ["Accept"])
    return response


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _not_acceptable() -> HttpResponse:
    offered = ", ".join(sorted({fmt.media_type for fmt in FORMATS.values()} | {"text/html"}))
    response = _plain(
        _("This address offers only these media types: %(types)s.") % {"types": offered}, 406
    )
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def catalog(request, fmt: str | None = None):
    """``/catalog.ttl|.rdf|.jsonld``, and ``/catalog`` by content negotiation (Turtle for
    ``*/*``); ``?page=N`` (from 1) and ``?modified_since=<ISO 8601>`` as in ckanext-dcat."""
    key = fmt or negotiate(request.headers.get("Accept"), default="ttl")
    if key is None:
        return _not_acceptable()
    if key == HTML:
        return _negotiated_redirect(reverse("opendata:catalogue"))
    try:
        number = parse_page(request.GET.get("page"))
        modified_since = parse_modified_since(request.GET.get("modified_since"))
    except BadParameter as error:
        return _plain(error.message, 400)
    site = Site.for_town(request.town)
    page = catalogue_page(number=number, modified_since=modified_since)
    kept = [(name, value) for name, value in request.GET.items() if name != "page"]

    def page_url(number: int) -> str:
        return site.url(request.path) + "?" + urlencode([*kept, ("page", number)])

    graph = catalogue_graph(site, page, page_url)
    return rdf_response(graph, key, negotiated=fmt is None)


@require_safe
def dataset_document(request, name: str, fmt: str):
    """``/daten/<name>.ttl|.rdf|.jsonld``: one published dataset and its distributions."""
    dataset = get_object_or_404(for_catalogue(Dataset.objects.published()), name=name)
    writer = CatalogWriter(Site.for_town(request.town))
    writer.dataset(dataset)
    return rdf_response(writer.graph, fmt)


def _document_or_page(request, dataset: Dataset, page_url: str) -> HttpResponse:
    key = negotiate(request.headers.get("Accept"), default=HTML)
    if key is None:
        return _not_acceptable()
    if key == HTML:
        return _negotiated_redirect(page_url)
    return _negotiated_redirect(
        reverse("dcat:dataset_document", kwargs={"name": dataset.name, "fmt": key})
    )


@require_safe
def dataset_uri(request, dataset_id: UUID):
    """A dataset's URI: its page for people, its RDF for RDF clients."""
    dataset = get_object_or_404(Dataset.objects.published().only("id", "name"), pk=dataset_id)
    return _document_or_page(request, dataset, dataset.get_absolute_url())


@require_safe
def distribution_uri(request, dataset_id: UUID, resource_id: UUID):
    """A distribution's URI: the resource's page, or the RDF of its dataset."""
    resource = get_object_or_404(
        Resource.objects.filter(dataset__state=Dataset.State.PUBLISHED).select_related("dataset"),
        pk=resource_id,
        dataset_id=dataset_id,
    )
    page = reverse("opendata:resource", args=[resource.dataset.name, resource.pk])
    return _document_or_page(request, resource.dataset, page)


@require_safe
def organization_uri(request, unit_id: UUID):
    """A publisher's URI: the catalogue of its datasets, or its description in RDF."""
    unit = get_object_or_404(Unit.objects.all(), pk=unit_id)
    key = negotiate(request.headers.get("Accept"), default=HTML)
    if key is None:
        return _not_acceptable()
    if key == HTML:
        param = {field: name for name, field in FILTER_PARAMS.items()}["organization"]
        query = urlencode({param: organization_name(unit)})
        return _negotiated_redirect(reverse("opendata:catalogue") + "?" + query)
    writer = CatalogWriter(Site.for_town(request.town))
    writer.organization(unit)
    return rdf_response(writer.graph, key, negotiated=True)
