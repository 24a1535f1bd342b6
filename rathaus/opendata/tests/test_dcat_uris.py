"""Stable URIs: a dataset's URI is built from its id, so it stays when the dataset is
renamed or retitled, and it answers: people are sent to the page, RDF clients to the RDF
(303 See Other). The same for distributions and publishers; one RDF document per dataset."""

import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from rathaus.core.tenancy import for_town
from rathaus.opendata.models import Dataset
from rathaus.opendata.organizations import organization_name
from rathaus.opendata.services.datasets import update_dataset, withdraw_dataset

from .factories import DatasetFactory, ResourceFactory

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def dataset():
    dataset = DatasetFactory(name="parkplaetze", title="Parkplätze in der Innenstadt")
    ResourceFactory(dataset=dataset, format="CSV", url="https://x.example/parken.csv")
    return dataset


def dataset_uris(client) -> dict[str, URIRef]:
    graph = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    return {
        str(graph.value(uri, ns.DCTERMS.title)): uri
        for uri in graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
    }


def path_of(uri) -> str:
    return "/" + str(uri).split("/", 3)[3]


def test_uri_survives_renaming_and_retitling(client, steward, dataset):
    before = dataset_uris(client)["Parkplätze in der Innenstadt"]
    update_dataset(actor=steward, dataset=dataset, name="parken", title="Parken in der Stadt")
    after = dataset_uris(client)
    assert after == {"Parken in der Stadt": before}
    graph = Graph().parse(data=client.get("/daten/parken.ttl").content, format="turtle")
    assert graph.value(before, ns.DCTERMS.title) is not None
    assert str(graph.value(before, ns.DCTERMS.identifier)) == str(before)
    assert str(graph.value(before, ns.DCAT.landingPage)).endswith("/daten/parken/")
    assert client.get("/daten/parkplaetze.ttl").status_code == 404


def test_uri_is_built_from_the_id(client, dataset):
    uri = dataset_uris(client)["Parkplätze in der Innenstadt"]
    assert path_of(uri) == f"/daten/id/{dataset.pk}"


def test_uri_sends_a_browser_to_the_page(client, steward, dataset):
    uri = dataset_uris(client)["Parkplätze in der Innenstadt"]
    update_dataset(actor=steward, dataset=dataset, name="parken")
    response = client.get(path_of(uri), headers={"Accept": BROWSER})
    assert response.status_code == 303
    assert response["Location"] == "/daten/parken/"
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize(
    ("accept", "extension", "rdf_format"),
    [
        ("text/turtle", "ttl", "turtle"),
        ("application/rdf+xml", "rdf", "xml"),
        ("application/ld+json", "jsonld", "json-ld"),
    ],
)
def test_uri_sends_an_rdf_client_to_the_rdf(client, dataset, accept, extension, rdf_format):
    uri = dataset_uris(client)["Parkplätze in der Innenstadt"]
    response = client.get(path_of(uri), headers={"Accept": accept})
    assert response.status_code == 303
    assert response["Location"] == f"/daten/parkplaetze.{extension}"
    document = client.get(response["Location"])
    assert document["Content-Type"].split(";")[0] == accept
    graph = Graph().parse(data=document.content, format=rdf_format)
    assert (uri, ns.RDF.type, ns.DCAT.Dataset) in graph
    assert graph.value(None, ns.RDF.type, ns.DCAT.Catalog) is None


def test_uri_refuses_media_types_it_cannot_give(client, dataset):
    response = client.get(f"/daten/id/{dataset.pk}", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_distribution_uri_is_stable_and_answers(client, steward, dataset):
    resource = dataset.resources.get()
    catalog = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    distribution = catalog.value(dataset_uris(client)[dataset.title], ns.DCAT.distribution)
    assert path_of(distribution) == f"/daten/id/{dataset.pk}/{resource.pk}"
    update_dataset(actor=steward, dataset=dataset, name="parken")
    page = client.get(path_of(distribution), headers={"Accept": BROWSER})
    assert page.status_code == 303
    assert page["Location"] == f"/daten/parken/{resource.pk}/"
    rdf = client.get(path_of(distribution), headers={"Accept": "text/turtle"})
    assert rdf["Location"] == "/daten/parken.ttl"
    graph = Graph().parse(data=client.get(rdf["Location"]).content, format="turtle")
    assert (distribution, ns.RDF.type, ns.DCAT.Distribution) in graph


def test_distribution_uri_of_another_dataset_is_not_found(client, dataset):
    resource = dataset.resources.get()
    other = DatasetFactory()
    assert client.get(f"/daten/id/{other.pk}/{resource.pk}").status_code == 404


def test_publisher_uri_answers(client, dataset):
    catalog = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    publisher = catalog.value(dataset_uris(client)[dataset.title], ns.DCTERMS.publisher)
    assert path_of(publisher) == f"/daten/id/organisation/{dataset.organization.pk}"
    page = client.get(path_of(publisher), headers={"Accept": BROWSER})
    assert page.status_code == 303
    assert page["Location"] == (f"/daten/?organisation={organization_name(dataset.organization)}")
    rdf = client.get(path_of(publisher), headers={"Accept": "text/turtle"})
    assert rdf.status_code == 200
    graph = Graph().parse(data=rdf.content, format="turtle")
    assert (publisher, ns.RDF.type, ns.FOAF.Organization) in graph
    assert dataset.organization.name in str(graph.value(publisher, ns.FOAF.name))


def test_drafts_have_no_rdf(client, steward, dataset):
    withdraw_dataset(actor=steward, dataset=dataset)
    resource = dataset.resources.get()
    assert client.get(f"/daten/id/{dataset.pk}").status_code == 404
    assert client.get(f"/daten/id/{dataset.pk}/{resource.pk}").status_code == 404
    assert client.get("/daten/parkplaetze.ttl").status_code == 404


def test_another_towns_dataset_has_no_uri_here(client, other_town):
    with for_town(other_town):
        foreign = DatasetFactory(name="fremd")
    assert Dataset.objects.filter(pk=foreign.pk).exists() is False
    assert client.get(f"/daten/id/{foreign.pk}").status_code == 404
    assert client.get("/daten/fremd.ttl").status_code == 404
    assert client.get(f"/daten/id/organisation/{foreign.organization_id}").status_code == 404


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_dataset_document_in_each_serialisation(client, dataset, extension):
    response = client.get(f"/daten/parkplaetze.{extension}")
    assert response.status_code == 200
    rdf_format = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}[extension]
    graph = Graph().parse(data=response.content, format=rdf_format)
    assert len(list(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))) == 1
