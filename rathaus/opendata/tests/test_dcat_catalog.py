"""The paged catalogue as a harvester reads it: ``/catalog.ttl|.rdf|.jsonld`` and ``/catalog``
by content negotiation, Hydra paging as ckanext-dcat writes it (hydra:PagedCollection,
totalItems, itemsPerPage, firstPage/lastPage/nextPage/previousPage), published datasets of
this town only, and the same number of queries for every page."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from rathaus.core.tenancy import for_town
from rathaus.core.uploads.services import store_upload
from rathaus.opendata.models import Dataset

from .factories import DatasetFactory, ResourceFactory

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FOREIGN_HOST = "musterstadt.localhost"


def graph_of(response, rdf_format: str = "turtle") -> Graph:
    return Graph().parse(data=response.content, format=rdf_format)


def titles(graph: Graph) -> set[str]:
    return {
        str(graph.value(dataset, ns.DCTERMS.title))
        for dataset in graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
    }


def paging(graph: Graph) -> dict[str, str]:
    """The hydra:PagedCollection's properties by local name."""
    collection = graph.value(None, ns.RDF.type, HYDRA.PagedCollection)
    if collection is None:
        return {}
    return {
        str(predicate).removeprefix(str(HYDRA)): str(value)
        for predicate, value in graph.predicate_objects(collection)
        if predicate != ns.RDF.type
    }


@pytest.fixture
def datasets():
    return [
        DatasetFactory(title=f"Datensatz {number}", keywords=["Statistik"]) for number in range(5)
    ]


# serialisations and content negotiation


@pytest.mark.parametrize(
    ("path", "media_type", "rdf_format"),
    [
        ("/catalog.ttl", "text/turtle", "turtle"),
        ("/catalog.rdf", "application/rdf+xml", "xml"),
        ("/catalog.xml", "application/rdf+xml", "xml"),
        ("/catalog.jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_each_serialisation_describes_the_same_catalogue(
    client, datasets, path, media_type, rdf_format
):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    graph = graph_of(response, rdf_format)
    assert titles(graph) == {f"Datensatz {number}" for number in range(5)}
    catalog = graph.value(None, ns.RDF.type, ns.DCAT.Catalog)
    assert len(list(graph.objects(catalog, ns.DCAT.dataset))) == 5


def test_catalogue_describes_the_town(client, town, datasets):
    Dataset.objects.filter(pk=datasets[2].pk).update(
        modified_at=timezone.now() + datetime.timedelta(days=1)
    )
    graph = graph_of(client.get("/catalog.ttl"))
    catalog = graph.value(None, ns.RDF.type, ns.DCAT.Catalog)
    assert str(catalog).endswith("/catalog")
    assert "Stadt Weiterstadt" in str(graph.value(catalog, ns.DCTERMS.title))
    assert graph.value(catalog, ns.DCTERMS.description)
    publisher = graph.value(catalog, ns.DCTERMS.publisher)
    assert str(graph.value(publisher, ns.FOAF.name)) == "Stadt Weiterstadt"
    assert str(graph.value(catalog, ns.FOAF.homepage)).endswith("/daten/")
    assert str(graph.value(catalog, ns.DCTERMS.language)).endswith("/language/DEU")
    modified = graph.value(catalog, ns.DCTERMS.modified).toPython()
    assert modified == Dataset.objects.get(pk=datasets[2].pk).modified_at
    assert str(graph.value(catalog, ns.DCTERMS.spatial)).endswith("/municipalityKey/06432023")


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("text/turtle;q=0.5, application/ld+json", "json-ld"),
        ("application/rdf+xml;q=0.9, text/turtle", "turtle"),
        ("text/*", "turtle"),
        ("*/*", "turtle"),
        ("", "turtle"),
    ],
)
def test_catalog_negotiates_the_serialisation(client, datasets, accept, rdf_format):
    response = client.get("/catalog", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert "Accept" in response["Vary"]
    assert len(titles(graph_of(response, rdf_format))) == 5


def test_catalog_sends_a_browser_to_the_catalogue_page(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/catalog", headers={"Accept": accept})
    assert response.status_code == 303
    assert response["Location"] == "/daten/"


def test_catalog_refuses_media_types_it_cannot_give(client):
    response = client.get("/catalog", headers={"Accept": "application/pdf, text/csv"})
    assert response.status_code == 406
    assert "text/turtle" in response.content.decode()


def test_catalog_is_read_only(client):
    assert client.post("/catalog.ttl").status_code == 405


# Hydra paging


def test_first_page_links_to_the_next_and_the_last(client, settings, datasets):
    settings.RATHAUS_DCAT_PAGE_SIZE = 2
    graph = graph_of(client.get("/catalog.ttl"))
    assert len(titles(graph)) == 2
    links = paging(graph)
    assert links["totalItems"] == "5"
    assert links["itemsPerPage"] == "2"
    assert links["firstPage"].endswith("/catalog.ttl?page=1")
    assert links["nextPage"].endswith("/catalog.ttl?page=2")
    assert links["lastPage"].endswith("/catalog.ttl?page=3")
    assert links["next"] == links["nextPage"]
    assert "previousPage" not in links


def test_pages_together_hold_every_dataset_once(client, settings, datasets):
    settings.RATHAUS_DCAT_PAGE_SIZE = 2
    seen, url = [], "/catalog.jsonld"
    while url:
        graph = graph_of(client.get(url), "json-ld")
        seen += list(titles(graph))
        url = paging(graph).get("nextPage")
    assert sorted(seen) == sorted(f"Datensatz {number}" for number in range(5))


def test_last_page_links_back_and_not_on(client, settings, datasets):
    settings.RATHAUS_DCAT_PAGE_SIZE = 2
    graph = graph_of(client.get("/catalog.ttl?page=3"))
    assert len(titles(graph)) == 1
    links = paging(graph)
    assert links["previousPage"].endswith("/catalog.ttl?page=2")
    assert "nextPage" not in links
    collection = graph.value(None, ns.RDF.type, HYDRA.PagedCollection)
    assert str(collection).endswith("/catalog.ttl?page=3")


def test_page_beyond_the_end_is_empty_and_points_to_the_last(client, settings, datasets):
    settings.RATHAUS_DCAT_PAGE_SIZE = 2
    graph = graph_of(client.get("/catalog.ttl?page=9"))
    assert titles(graph) == set()
    assert paging(graph)["previousPage"].endswith("/catalog.ttl?page=3")


def test_empty_catalogue_has_no_paging(client):
    graph = graph_of(client.get("/catalog.ttl"))
    assert graph.value(None, ns.RDF.type, ns.DCAT.Catalog) is not None
    assert paging(graph) == {}


def test_page_size_is_bounded(client, settings, datasets):
    settings.RATHAUS_DCAT_PAGE_SIZE = 1_000_000
    assert paging(graph_of(client.get("/catalog.ttl")))["itemsPerPage"] == "1000"


@pytest.mark.parametrize("page", ["0", "-1", "zwei", "1.5"])
def test_page_must_be_a_whole_number_from_one(client, page):
    response = client.get("/catalog.ttl", {"page": page})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "whole number" in response.content.decode()


def test_modified_since_selects_recent_changes_and_stays_in_the_links(client, settings, datasets):
    settings.RATHAUS_DCAT_PAGE_SIZE = 1
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Dataset.objects.filter(pk__in=[d.pk for d in datasets[:3]]).update(modified_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=30)).date().isoformat()
    graph = graph_of(client.get("/catalog.ttl", {"modified_since": since}))
    links = paging(graph)
    assert links["totalItems"] == "2"
    assert f"modified_since={since}" in links["nextPage"]
    assert links["nextPage"].endswith("page=2")


def test_modified_since_must_be_a_date(client):
    response = client.get("/catalog.ttl", {"modified_since": "letzte Woche"})
    assert response.status_code == 400
    assert "ISO 8601" in response.content.decode()


# what the catalogue holds


def test_drafts_are_not_in_the_catalogue(client, datasets):
    DatasetFactory(title="Noch nicht fertig", state=Dataset.State.DRAFT, published_at=None)
    graph = graph_of(client.get("/catalog.ttl"))
    assert "Noch nicht fertig" not in titles(graph)
    assert paging(graph)["totalItems"] == "5"


def test_each_town_has_its_own_catalogue(client, other_town, datasets):
    with for_town(other_town):
        DatasetFactory(title="Musterstädter Daten")
    ours = graph_of(client.get("/catalog.ttl"))
    theirs = graph_of(client.get("/catalog.ttl", headers={"Host": FOREIGN_HOST}))
    assert "Musterstädter Daten" not in titles(ours)
    assert titles(theirs) == {"Musterstädter Daten"}
    assert all(FOREIGN_HOST in str(d) for d in theirs.subjects(ns.RDF.type, ns.DCAT.Dataset))


def _count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_page_takes_the_same_number_of_queries_however_full(client, settings):
    settings.RATHAUS_DCAT_PAGE_SIZE = 50
    for _number in range(2):
        ResourceFactory(dataset=DatasetFactory(keywords=["a", "b"]), format="CSV")
    few = _count_queries(client, "/catalog.ttl")
    for number in range(12):
        dataset = DatasetFactory(
            keywords=[f"k{number}", "b"], temporal_start=datetime.date(2020, 1, 1)
        )
        ResourceFactory(dataset=dataset, format="CSV")
        upload = SimpleUploadedFile("zahlen.csv", f"jahr;wert\n2024;{number}\n".encode())
        stored = store_upload(uploaded_file=upload, kinds={"csv"})
        ResourceFactory(dataset=dataset, format="CSV", url="", file=stored)
    many = _count_queries(client, "/catalog.ttl")
    assert many == few
    assert many <= 6


def test_paging_literals_are_typed_integers(client, datasets):
    graph = graph_of(client.get("/catalog.ttl"))
    collection = graph.value(None, ns.RDF.type, HYDRA.PagedCollection)
    total = graph.value(collection, HYDRA.totalItems)
    assert total == Literal(5, datatype=ns.XSD.integer)
    assert isinstance(collection, URIRef)


def test_jsonld_is_compact_json(client, datasets):
    document = json.loads(client.get("/catalog.jsonld").content)
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert any(node.get("@type") == "dcat:Catalog" for node in document["@graph"])
