"""The catalogue conforms to the official SHACL shapes, both as the DCAT-AP.de 3.0 profile
(EU DCAT-AP 3.0.0 plus all DCAT-AP.de 3.0 shapes, as GovData's validator combines them) and
as the EU DCAT-AP 3.0.1 profile, the way ``dcat_shapes/README.md`` says to validate:
vocabularies merged into the data graph, every referenced IRI with an explicit rdf:type,
warnings allowed, any violation fails (and is printed)."""

import datetime
from pathlib import Path

import pyshacl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.uploads.services import store_upload
from rathaus.opendata import vocabularies
from rathaus.opendata.models import Dataset

from .factories import DatasetFactory, ResourceFactory

SHAPES = Path(__file__).parent / "dcat_shapes"
SH = Namespace("http://www.w3.org/ns/shacl#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CONTRIBUTOR = "http://dcat-ap.de/def/contributors/hessen"


def _load(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return graph


def _profile(name: str) -> tuple[Graph, Graph]:
    """(shapes, vocabularies) of a profile."""
    if name == "DCAT-AP.de 3.0":
        shapes = _load(
            [*sorted(SHAPES.glob("eu-3.0.0/*.ttl")), *sorted(SHAPES.glob("de-3.0/*.ttl"))]
        )
        vocabulary = _load(sorted(SHAPES.glob("vocab/*")))
    else:
        shapes = _load(sorted(SHAPES.glob("eu-3.0.1/*.ttl")))
        # The DCAT-AP.de concept schemes carry no dct:title and fail the EU shapes.
        vocabulary = _load(
            path
            for path in sorted(SHAPES.glob("vocab/*"))
            if not path.name.startswith("dcat-ap-de")
        )
    # The published ranges.ttl of 3.0.1 lists five property shapes that neither file defines;
    # pyshacl refuses such a shapes graph, and a shape that does not exist checks nothing.
    for node_shape, property_shape in list(shapes.subject_objects(SH.property)):
        if (property_shape, SH.path, None) not in shapes:
            shapes.remove((node_shape, SH.property, property_shape))
    return shapes, vocabulary


def assert_conforms(data: Graph, profile: str) -> None:
    shapes, vocabulary = _profile(profile)
    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in vocabulary:
        merged.add(triple)
    conforms, report, _text = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    violations = sorted(
        f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
        f"{report.value(result, SH.resultMessage)}"
        for result in report.subjects(SH.resultSeverity, SH.Violation)
    )
    assert conforms and not violations, f"{profile}: " + "\n".join(violations)


def untyped_iris(data: Graph) -> set[str]:
    """IRIs the data refers to without saying what they are (e-mail addresses need no
    class: the shapes check only that vcard:hasEmail is an IRI)."""
    return {
        str(obj)
        for _subject, predicate, obj in data
        if isinstance(obj, URIRef)
        and predicate not in (ns.RDF.type, VCARD.hasEmail)
        and (obj, ns.RDF.type, None) not in data
    }


def _upload(name: str, content: bytes, kind: str):
    return store_upload(uploaded_file=SimpleUploadedFile(name, content), kinds={kind})


def _pdf() -> bytes:
    from rathaus.core.uploads.tests import samples

    return samples.pdf()


@pytest.fixture
def catalogue(settings, town, other_town):
    """Datasets with every kind of resource, every licence and frequency, and every optional
    field filled or left empty; a draft and another town's dataset beside them."""
    settings.RATHAUS_DCAT_PAGE_SIZE = 3
    settings.RATHAUS_DCAT_CONTRIBUTOR_ID = CONTRIBUTOR
    finance = UnitFactory(name="Kämmerei", email="kaemmerei@weiterstadt.example")
    budget = DatasetFactory(
        name="haushaltsplan",
        title="Haushaltsplan 2024",
        organization=finance,
        themes=["ECON", "GOVE"],
        keywords=["Haushalt", "Finanzen", "Doppik"],
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        version="2024-1",
        frequency="ANNUAL",
        license_id="dl-by-de/2.0",
    )
    csv = _upload("haushalt.csv", b"Produkt;Betrag\nSchulen;1200\n", "csv")
    ResourceFactory(dataset=budget, name="Haushalt (CSV)", format="CSV", url="", file=csv)
    ResourceFactory(
        dataset=budget,
        name="Haushaltsplan (PDF)",
        description="Der beschlossene Plan.",
        format="PDF",
        url="",
        file=_upload("plan.pdf", _pdf(), "pdf"),
    )
    for fmt in vocabularies.FORMATS:
        ResourceFactory(
            dataset=budget,
            name=f"Verlinkt als {fmt.label}",
            format=fmt.id,
            url=f"https://daten.weiterstadt.example/haushalt.{fmt.id.lower()}",
            size=2048,
        )
    DatasetFactory(
        name="kitas-im-kreis",
        title="Kindertagesstätten im Landkreis",
        spatial_ars="064320000000",
        temporal_start=datetime.date(2019, 8, 1),
        frequency="MONTHLY",
        license_id="dl-zero-de/2.0",
        keywords=["Kita"],
    )
    DatasetFactory(
        name="ohne-thema",
        title="Ohne Thema",
        themes=[],
        temporal_end=datetime.date(2010, 12, 31),
        frequency="UNKNOWN",
        license_id="cc-by/4.0",
    )
    licences = [term.id for term in vocabularies.LICENSES]
    for number, frequency in enumerate(vocabularies.FREQUENCIES):
        dataset = DatasetFactory(
            frequency=frequency.id,
            license_id=licences[number % len(licences)],
            themes=[vocabularies.THEMES[number % len(vocabularies.THEMES)].id],
        )
        ResourceFactory(dataset=dataset, format=vocabularies.FORMATS[number % 8].id)
    DatasetFactory(name="entwurf", state=Dataset.State.DRAFT, published_at=None)
    return budget


def walk(client, url: str) -> tuple[Graph, int]:
    """The union of all catalogue pages, following hydra:next from ``url``."""
    union, pages = Graph(), 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = Graph().parse(data=response.content, format="turtle")
        union += page
        pages += 1
        url = next((str(o) for o in page.objects(None, HYDRA.next)), None)
    return union, pages


@pytest.mark.parametrize("profile", ["DCAT-AP.de 3.0", "EU DCAT-AP 3.0.1"])
def test_whole_catalogue_conforms(client, catalogue, profile):
    data, pages = walk(client, "/catalog.ttl")
    assert pages == 4
    assert len(set(data.subjects(ns.RDF.type, ns.DCAT.Dataset))) == 3 + len(
        vocabularies.FREQUENCIES
    )
    assert untyped_iris(data) == set()
    assert_conforms(data, profile)


@pytest.mark.parametrize("profile", ["DCAT-AP.de 3.0", "EU DCAT-AP 3.0.1"])
def test_catalogue_with_the_towns_regional_key_conforms(client, town, catalogue, profile):
    town.ars = "064320023023"
    town.save()
    data, _pages = walk(client, "/catalog.ttl")
    assert untyped_iris(data) == set()
    assert_conforms(data, profile)


@pytest.mark.parametrize("profile", ["DCAT-AP.de 3.0", "EU DCAT-AP 3.0.1"])
def test_dataset_document_conforms(client, catalogue, profile):
    response = client.get("/daten/haushaltsplan.ttl")
    data = Graph().parse(data=response.content, format="turtle")
    assert len(set(data.subjects(ns.RDF.type, ns.DCAT.Distribution))) == 2 + len(
        vocabularies.FORMATS
    )
    assert untyped_iris(data) == set()
    assert_conforms(data, profile)


def test_empty_catalogue_conforms(client):
    data = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    assert_conforms(data, "DCAT-AP.de 3.0")
    assert_conforms(data, "EU DCAT-AP 3.0.1")


@pytest.mark.parametrize("profile", ["DCAT-AP.de 3.0", "EU DCAT-AP 3.0.1"])
def test_validation_fails_on_a_distribution_without_access_url_and_a_bad_date(profile):
    """The check can fail: a distribution without dcat:accessURL, a modification date that
    is no date."""
    data = Graph()
    dataset, distribution = URIRef("https://x.example/d"), URIRef("https://x.example/d/1")
    publisher = URIRef("https://x.example/p")
    data.add((dataset, ns.RDF.type, ns.DCAT.Dataset))
    data.add((dataset, ns.DCTERMS.title, Literal("Titel", lang="de")))
    data.add((dataset, ns.DCTERMS.description, Literal("Text", lang="de")))
    data.add((dataset, ns.DCTERMS.publisher, publisher))
    data.add((publisher, ns.RDF.type, URIRef("http://xmlns.com/foaf/0.1/Organization")))
    data.add((publisher, URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Amt")))
    data.add((dataset, ns.DCTERMS.modified, Literal("gestern")))
    data.add((dataset, ns.DCAT.distribution, distribution))
    data.add((distribution, ns.RDF.type, ns.DCAT.Distribution))
    data.add((distribution, ns.DCTERMS.license, BNode()))
    with pytest.raises(AssertionError) as failure:
        assert_conforms(data, profile)
    assert "accessURL" in str(failure.value) or "dcat#accessURL" in str(failure.value)
