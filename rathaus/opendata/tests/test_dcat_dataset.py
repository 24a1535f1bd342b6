"""What one dataset says in DCAT-AP.de 3.0, property by property, in the specification's
words: dcat:Dataset with its publisher, contact point, time, area and vocabularies, and
dcat:Distribution with access and download URLs, format, media type, size and licence."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.uploads.services import store_upload

from .factories import DatasetFactory, ResourceFactory

DCATDE = ns.Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = ns.Namespace("http://spdx.org/rdf/terms#")
VCARD = ns.Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"


def document(client, name: str) -> tuple[Graph, URIRef]:
    response = client.get(f"/daten/{name}.ttl")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    return graph, graph.value(None, ns.RDF.type, ns.DCAT.Dataset)


def distribution_named(graph: Graph, title: str) -> URIRef:
    return next(
        node
        for node in graph.subjects(ns.RDF.type, ns.DCAT.Distribution)
        if str(graph.value(node, ns.DCTERMS.title)) == title
    )


def test_dataset_properties(client):
    unit = UnitFactory(name="Straßenverkehrsbehörde")
    dataset = DatasetFactory(
        name="parkplaetze",
        title="Parkplätze",
        notes="Alle öffentlichen Parkplätze.",
        organization=unit,
        themes=["TRAN", "REGI"],
        keywords=["Parken", "Verkehr"],
        contact_name="Verkehrsplanung",
        contact_email="verkehr@weiterstadt.example",
        temporal_start=datetime.date(2023, 1, 1),
        temporal_end=datetime.date(2023, 12, 31),
        frequency="MONTHLY",
        version="3",
    )
    ResourceFactory(dataset=dataset)
    graph, ref = document(client, "parkplaetze")
    value = graph.value
    assert value(ref, ns.DCTERMS.title) == Literal("Parkplätze", lang="de")
    assert value(ref, ns.DCTERMS.description) == Literal("Alle öffentlichen Parkplätze.", lang="de")
    assert set(graph.objects(ref, ns.DCAT.keyword)) == {
        Literal("Parken", lang="de"),
        Literal("Verkehr", lang="de"),
    }
    assert set(graph.objects(ref, ns.DCAT.theme)) == {
        URIRef(EU + "data-theme/TRAN"),
        URIRef(EU + "data-theme/REGI"),
    }
    publisher = value(ref, ns.DCTERMS.publisher)
    assert (publisher, ns.RDF.type, ns.FOAF.Organization) in graph
    assert str(value(publisher, ns.FOAF.name)) == "Stadt Weiterstadt, Straßenverkehrsbehörde"
    contact = value(ref, ns.DCAT.contactPoint)
    assert (contact, ns.RDF.type, VCARD.Organization) in graph
    assert str(value(contact, VCARD.fn)) == "Verkehrsplanung"
    assert value(contact, VCARD.hasEmail) == URIRef("mailto:verkehr@weiterstadt.example")
    assert value(ref, ns.DCTERMS.issued).datatype == ns.XSD.dateTime
    assert value(ref, ns.DCTERMS.modified).datatype == ns.XSD.dateTime
    period = value(ref, ns.DCTERMS.temporal)
    assert (period, ns.RDF.type, ns.DCTERMS.PeriodOfTime) in graph
    assert value(period, ns.DCAT.startDate) == Literal("2023-01-01", datatype=ns.XSD.date)
    assert value(period, ns.DCAT.endDate) == Literal("2023-12-31", datatype=ns.XSD.date)
    assert value(ref, ns.DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/MONTHLY")
    assert value(ref, ns.DCTERMS.language) == URIRef(EU + "language/DEU")
    assert str(value(ref, ns.DCAT.landingPage)).endswith("/daten/parkplaetze/")
    assert str(value(ref, ns.DCAT.version)) == "3"


def test_time_with_only_a_start_has_no_end(client):
    DatasetFactory(name="seit-2019", temporal_start=datetime.date(2019, 1, 1))
    DatasetFactory(name="zeitlos")
    graph, ref = document(client, "seit-2019")
    period = graph.value(ref, ns.DCTERMS.temporal)
    assert graph.value(period, ns.DCAT.endDate) is None
    graph, ref = document(client, "zeitlos")
    assert graph.value(ref, ns.DCTERMS.temporal) is None


@pytest.mark.parametrize(
    ("town_ars", "spatial_ars", "location", "level"),
    [
        ("", "", "municipalityKey/06432023", "municipality"),
        ("064320023023", "", "regionalKey/064320023023", "municipality"),
        ("064320023023", "064320000000", "regionalKey/064320000000", "administrativeDistrict"),
        ("", "060000000000", "regionalKey/060000000000", "state"),
        ("", "06411000", "municipalityKey/06411000", "municipality"),
    ],
)
def test_area_from_the_regional_key(client, town, town_ars, spatial_ars, location, level):
    town.ars = town_ars
    town.save()
    DatasetFactory(name="gebiet", spatial_ars=spatial_ars)
    graph, ref = document(client, "gebiet")
    assert graph.value(ref, ns.DCTERMS.spatial) == URIRef(GEOCODING + location)
    assert graph.value(ref, DCATDE.politicalGeocodingURI) == URIRef(GEOCODING + location)
    assert graph.value(ref, DCATDE.politicalGeocodingLevelURI) == URIRef(
        GEOCODING + "Level/" + level
    )


def test_contributor_id_only_when_configured(client, settings):
    DatasetFactory(name="daten")
    graph, ref = document(client, "daten")
    assert graph.value(ref, DCATDE.contributorID) is None
    settings.RATHAUS_DCAT_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/hessen"
    graph, ref = document(client, "daten")
    assert graph.value(ref, DCATDE.contributorID) == URIRef(
        "http://dcat-ap.de/def/contributors/hessen"
    )


def test_uploaded_file_is_downloaded_here(client):
    dataset = DatasetFactory(name="haushalt")
    content = b"Produkt;Betrag\nSchulen;1200\n"
    stored = store_upload(uploaded_file=SimpleUploadedFile("h.csv", content), kinds={"csv"})
    resource = ResourceFactory(dataset=dataset, name="Haushalt", format="CSV", url="", file=stored)
    graph, _ref = document(client, "haushalt")
    node = distribution_named(graph, "Haushalt")
    assert str(graph.value(node, ns.DCAT.accessURL)).endswith(f"/daten/haushalt/{resource.pk}/")
    download = str(graph.value(node, ns.DCAT.downloadURL))
    assert download.endswith(f"/daten/haushalt/{resource.pk}/download/")
    assert graph.value(node, ns.DCAT.byteSize) == Literal(
        len(content), datatype=ns.XSD.nonNegativeInteger
    )
    checksum = graph.value(node, SPDX.checksum)
    assert str(graph.value(checksum, SPDX.checksumValue)) == stored.sha256
    assert graph.value(node, ns.DCTERMS.format) == URIRef(EU + "file-type/CSV")
    assert graph.value(node, ns.DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/csv"
    )


def test_linked_file_is_downloaded_from_its_link(client):
    dataset = DatasetFactory(name="verlinkt")
    ResourceFactory(
        dataset=dataset, name="Karte", format="GEOJSON", url="https://geo.example/k.geojson"
    )
    ResourceFactory(dataset=dataset, name="Anwendung", format="HTML", url="https://app.example/")
    graph, _ref = document(client, "verlinkt")
    linked = distribution_named(graph, "Karte")
    assert graph.value(linked, ns.DCAT.downloadURL) == URIRef("https://geo.example/k.geojson")
    assert graph.value(linked, ns.DCAT.byteSize) is None
    assert graph.value(linked, ns.DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/geo+json"
    )
    page = distribution_named(graph, "Anwendung")
    assert graph.value(page, ns.DCAT.accessURL) == URIRef("https://app.example/")
    assert graph.value(page, ns.DCAT.downloadURL) is None


@pytest.mark.parametrize(
    ("license_id", "attribution"),
    [
        ("dl-by-de/2.0", True),
        ("cc-by/4.0", True),
        ("cc-by-sa/4.0", True),
        ("odbl", True),
        ("dl-zero-de/2.0", False),
        ("cc-zero", False),
        ("officialWork", False),
    ],
)
def test_licence_and_attribution(client, license_id, attribution):
    unit = UnitFactory(name="Umweltamt")
    ResourceFactory(
        dataset=DatasetFactory(name="lizenz", license_id=license_id, organization=unit),
        name="Datei",
    )
    graph, _ref = document(client, "lizenz")
    node = distribution_named(graph, "Datei")
    assert graph.value(node, ns.DCTERMS.license) == URIRef(
        f"http://dcat-ap.de/def/licenses/{license_id}"
    )
    text = graph.value(node, DCATDE.licenseAttributionByText)
    if attribution:
        assert text == Literal("Stadt Weiterstadt, Umweltamt", lang="de")
    else:
        assert text is None
